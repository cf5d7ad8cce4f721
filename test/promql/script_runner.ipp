// The implementation of script_runner.hpp (included by script_test.cpp:
// the test program is built from *_test.cpp files only).

#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>

#include "promql/eval.hpp"
#include "promql/lex.hpp"
#include "promql/parse.hpp"
#include "promql/selections.hpp"
#include "test/promql/script_runner.hpp"

namespace timeless::promql::testing {

namespace {

bool almost_equal(double a, double b) {
  if (std::isnan(a) && std::isnan(b))
    return true;
  if (a == b)
    return true;
  constexpr double eps = 1e-6, min_normal = 2.2250738585072014e-308;
  double diff = std::fabs(a - b);
  if (a == 0 || b == 0 || diff < min_normal)
    return diff < eps * min_normal;
  return diff / (std::fabs(a) + std::fabs(b)) < eps;
}

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos)
    return "";
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool parse_value(const std::string& s, double& v) {
  if (s == "stale") {
    v = stale_nan();
    return true;
  }
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size();
}

/// Expands one value token; nullopt entries are gaps.
bool expand(const std::string& tok, std::vector<std::optional<double>>& out) {
  auto x = tok.rfind('x');
  if (x == std::string::npos || x == 0) {
    if (tok == "_") {
      out.push_back(std::nullopt);
      return true;
    }
    double v;
    if (!parse_value(tok, v))
      return false;
    out.push_back(v);
    return true;
  }
  int n = std::atoi(tok.substr(x + 1).c_str());
  std::string head = tok.substr(0, x);
  if (head == "_") {
    for (int i = 0; i < n; ++i)
      out.push_back(std::nullopt);
    return true;
  }
  size_t op = head.find_first_of("+-", 1);
  while (op != std::string::npos &&
         (head[op - 1] == 'e' || head[op - 1] == 'E'))
    op = head.find_first_of("+-", op + 1);
  double a, b = 0;
  if (op == std::string::npos) {
    if (!parse_value(head, a))
      return false;
  } else {
    if (!parse_value(head.substr(0, op), a) ||
        !parse_value(head.substr(op + 1), b))
      return false;
    if (head[op] == '-')
      b = -b;
  }
  for (int i = 0; i <= n; ++i)
    out.push_back(a + b * i);
  return true;
}

/// Splits `metric{a="b"} rest` into labels and the rest.
bool parse_series(const std::string& line, labels& ls, std::string& rest) {
  size_t end = 0;
  bool quoted = false;
  char q = 0;
  size_t brace = line.find('{');
  size_t space = line.find_first_of(" \t");
  if (brace != std::string::npos &&
      (space == std::string::npos || brace < space)) {
    for (end = brace; end < line.size(); ++end) {
      char c = line[end];
      if (quoted) {
        if (c == '\\')
          ++end;
        else if (c == q)
          quoted = false;
      } else if (c == '"' || c == '\'') {
        quoted = true;
        q = c;
      } else if (c == '}') {
        ++end;
        break;
      }
    }
  } else {
    end = space == std::string::npos ? line.size() : space;
  }
  if (line.substr(0, end) == "{}") {
    ls.clear();
    rest = trim(line.substr(end));
    return true;
  }
  auto sel = parse(line.substr(0, end));
  if (!sel.ok() || sel.expression->k != expr::kind::vector_selector)
    return false;
  ls.clear();
  for (auto& m : sel.expression->matchers)
    ls.push_back(label{m.name, m.value});
  normalize(ls);
  rest = trim(line.substr(end));
  return true;
}

int64_t duration_ms(const std::string& s) {
  int64_t ms = 0;
  if (s == "0")
    return 0;
  if (!parse_duration(s, ms))
    return -1;
  return ms;
}

/// A storage that remembers every select() call.
class recording_storage : public storage {
 public:
  explicit recording_storage(storage& inner) : inner_(inner) {
    // nop
  }
  std::vector<series> select(const std::vector<matcher>& ms, int64_t lo,
                             int64_t hi) override {
    calls.push_back({lo, hi});
    return inner_.select(ms, lo, hi);
  }
  std::vector<std::pair<int64_t, int64_t>> calls;

 private:
  storage& inner_;
};

std::string describe(const value& v) {
  std::ostringstream out;
  switch (v.type) {
    case value_type::scalar:
      out << "scalar " << format_float(v.scalar);
      break;
    case value_type::string:
      out << "string " << quote(v.str);
      break;
    case value_type::vector:
      for (auto& s : v.vec)
        out << to_string(s.lbls) << " " << format_float(s.v) << "; ";
      break;
    case value_type::matrix:
      for (auto& s : v.mat) {
        out << to_string(s.lbls) << " [";
        for (auto& p : s.points)
          out << p.t << ":" << format_float(p.v) << " ";
        out << "]; ";
      }
  }
  return out.str();
}

class runner {
 public:
  std::vector<script_failure> failures;
  int checks = 0;

  void run(const std::string& text) {
    std::istringstream in{text};
    std::string line;
    while (std::getline(in, line))
      lines_.push_back(line);
    while (i_ < lines_.size()) {
      auto l = trim(lines_[i_]);
      int at = static_cast<int>(i_) + 1;
      ++i_;
      if (l.empty() || l[0] == '#')
        continue;
      if (l == "clear") {
        store_.clear();
      } else if (l.rfind("load ", 0) == 0) {
        load(at, duration_ms(trim(l.substr(5))));
      } else if (l.rfind("eval", 0) == 0) {
        ++checks;
        eval(at, l);
      } else {
        fail(at, "unknown command: " + l);
      }
    }
  }

 private:
  void fail(int line, std::string msg) {
    failures.push_back({line, std::move(msg)});
  }

  std::vector<std::string> block() {
    std::vector<std::string> out;
    while (i_ < lines_.size() && !trim(lines_[i_]).empty()) {
      auto l = trim(lines_[i_]);
      if (l.rfind("eval", 0) == 0 || l.rfind("load", 0) == 0 || l == "clear")
        break;
      if (l[0] != '#')
        out.push_back(l);
      ++i_;
    }
    return out;
  }

  void load(int at, int64_t step) {
    if (step <= 0)
      fail(at, "bad load step");
    for (auto& l : block()) {
      labels ls;
      std::string rest;
      if (!parse_series(l, ls, rest)) {
        fail(at, "bad series line: " + l);
        continue;
      }
      std::vector<std::optional<double>> vals;
      std::istringstream toks{rest};
      std::string tok;
      while (toks >> tok)
        if (!expand(tok, vals))
          fail(at, "bad value " + tok);
      for (size_t k = 0; k < vals.size(); ++k)
        if (vals[k])
          store_.add(ls, static_cast<int64_t>(k) * step, *vals[k]);
    }
  }

  void eval(int at, const std::string& l) {
    std::istringstream words{l};
    std::string cmd, mode;
    words >> cmd >> mode;
    bool ordered = cmd == "eval_ordered", must_fail = cmd == "eval_fail";
    int64_t start = 0, end = 0, step = 0;
    std::string w;
    if (mode == "instant") {
      std::string t;
      words >> w >> t;
      start = end = duration_ms(t);
    } else if (mode == "range") {
      std::string a, b, s;
      words >> w >> a >> w >> b >> w >> s;
      start = duration_ms(a);
      end = duration_ms(b);
      step = duration_ms(s);
    } else {
      fail(at, "bad eval command");
      return;
    }
    std::string query;
    std::getline(words, query);
    query = trim(query);
    auto expected = block();
    auto parsed = parse(query);
    if (!parsed.ok()) {
      if (!must_fail)
        fail(at, "parse error: " + parsed.error);
      return;
    }
    eval_result res =
        mode == "instant"
            ? eval_instant(*parsed.expression, start, store_)
            : eval_range(*parsed.expression, start, end, step, store_);
    if (must_fail) {
      if (res.ok())
        fail(at, "expected failure, got " + describe(res.val));
      return;
    }
    if (!res.ok()) {
      fail(at, "eval error: " + res.error);
      return;
    }
    check_prefetch(at, *parsed.expression, start, end, step, res.val);
    if (mode == "instant")
      check_instant(at, res.val, expected, ordered);
    else
      check_range(at, res.val, expected, start, step);
  }

  void check_prefetch(int at, const expr& e, int64_t start, int64_t end,
                      int64_t step, const value& direct) {
    query_params q{start, end, step};
    memory_storage pre;
    auto sels = selections(e, q);
    for (auto& s : sels)
      for (auto& found : store_.select(s.matchers, s.min_t, s.max_t))
        pre.add(found);
    recording_storage rec{pre};
    auto res = step ? eval_range(e, start, end, step, rec)
                    : eval_instant(e, start, rec);
    if (!res.ok() || describe(res.val) != describe(direct))
      fail(at, "result on prefetched data differs: " + describe(res.val));
    for (auto& [lo, hi] : rec.calls) {
      bool covered = false;
      for (auto& s : sels)
        covered = covered || (s.min_t <= lo && hi <= s.max_t);
      if (!covered)
        fail(at, "select window not listed by selections()");
    }
    if (!step && direct.type != value_type::matrix &&
        direct.type != value_type::string) {
      auto r = eval_range(e, start, start, 1000, store_);
      std::string a = describe(direct), b;
      if (!r.ok()) {
        fail(at, "range form failed: " + r.error);
        return;
      }
      value as_instant;
      as_instant.type = direct.type;
      if (direct.type == value_type::scalar) {
        as_instant.scalar = r.val.mat.at(0).points.at(0).v;
      } else {
        for (auto& s : r.val.mat)
          as_instant.vec.push_back(sample{s.lbls, s.points.at(0).v, start});
        auto sorted = direct;
        std::sort(sorted.vec.begin(), sorted.vec.end(),
                  [](auto& x, auto& y) { return x.lbls < y.lbls; });
        a = describe(sorted);
      }
      if (describe(as_instant) != a)
        fail(at, "range form differs: " + describe(as_instant));
    }
  }

  void check_instant(int at, const value& got,
                     const std::vector<std::string>& expected, bool ordered) {
    if (got.type == value_type::scalar) {
      double v;
      if (expected.size() != 1 || !parse_value(expected[0], v) ||
          !almost_equal(v, got.scalar))
        fail(at, "got " + describe(got));
      return;
    }
    if (got.type == value_type::string) {
      if (expected.size() != 1 || expected[0] != quote(got.str))
        fail(at, "got " + describe(got));
      return;
    }
    if (got.type == value_type::matrix) {
      // Expected: `{labels} v1 v2 ...`, the values of the points in order.
      bool ok = got.mat.size() == expected.size();
      for (auto& l : expected) {
        labels ls;
        std::string rest;
        std::vector<std::optional<double>> vals;
        if (!parse_series(l, ls, rest)) {
          ok = false;
          continue;
        }
        std::istringstream toks{rest};
        std::string tok;
        while (toks >> tok)
          expand(tok, vals);
        bool found = false;
        for (auto& sp : got.mat) {
          if (sp.lbls != ls || sp.points.size() != vals.size())
            continue;
          bool same = true;
          for (size_t k = 0; k < vals.size(); ++k)
            same = same && vals[k] && almost_equal(*vals[k], sp.points[k].v);
          found = found || same;
        }
        ok = ok && found;
      }
      if (!ok)
        fail(at, "got " + describe(got));
      return;
    }
    if (expected.size() != got.vec.size()) {
      fail(at, "expected " + std::to_string(expected.size()) +
                   " samples, got " + describe(got));
      return;
    }
    for (size_t k = 0; k < expected.size(); ++k) {
      labels ls;
      std::string rest;
      double v;
      if (!parse_series(expected[k], ls, rest) || !parse_value(rest, v)) {
        fail(at, "bad expected line: " + expected[k]);
        continue;
      }
      bool found = false;
      for (size_t j = 0; j < got.vec.size(); ++j) {
        if (ordered && j != k)
          continue;
        if (got.vec[j].lbls == ls && almost_equal(got.vec[j].v, v))
          found = true;
      }
      if (!found)
        fail(at, "missing " + expected[k] + " in " + describe(got));
    }
  }

  void check_range(int at, const value& got,
                   const std::vector<std::string>& expected, int64_t start,
                   int64_t step) {
    std::map<labels, std::vector<point>> want;
    for (auto& l : expected) {
      labels ls;
      std::string rest;
      if (l[0] != '{' && !std::isalpha(static_cast<unsigned char>(l[0])))
        rest = l; // a scalar result: no labels
      else if (!parse_series(l, ls, rest)) {
        fail(at, "bad expected line: " + l);
        continue;
      }
      std::vector<std::optional<double>> vals;
      std::istringstream toks{rest};
      std::string tok;
      while (toks >> tok)
        expand(tok, vals);
      auto& pts = want[ls];
      for (size_t k = 0; k < vals.size(); ++k)
        if (vals[k])
          pts.push_back(
              point{start + static_cast<int64_t>(k) * step, *vals[k]});
    }
    bool ok = got.mat.size() == want.size();
    for (auto& s : got.mat) {
      auto it = want.find(s.lbls);
      if (it == want.end() || it->second.size() != s.points.size()) {
        ok = false;
        continue;
      }
      for (size_t k = 0; k < s.points.size(); ++k)
        ok = ok && s.points[k].t == it->second[k].t &&
             almost_equal(s.points[k].v, it->second[k].v);
    }
    if (!ok)
      fail(at, "got " + describe(got));
  }

  std::vector<std::string> lines_;
  size_t i_ = 0;
  memory_storage store_;
};

} // namespace

std::vector<script_failure> run_script(const std::string& text, int* checks) {
  runner r;
  r.run(text);
  if (checks)
    *checks = r.checks;
  return r.failures;
}

} // namespace timeless::promql::testing
