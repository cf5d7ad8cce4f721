#include "promql/parse.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "promql/functions.hpp"
#include "promql/labels.hpp"
#include "promql/lex.hpp"
#include "promql/parse_check.hpp"

namespace timeless::promql {

namespace {

using tk = token_kind;

std::string lower(std::string_view s) {
  std::string out{s};
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::optional<agg_op> aggregator(std::string_view word) {
  static constexpr std::pair<std::string_view, agg_op> ops[] = {
      {"sum", agg_op::sum},           {"avg", agg_op::avg},
      {"count", agg_op::count},       {"min", agg_op::min},
      {"max", agg_op::max},           {"group", agg_op::group},
      {"stddev", agg_op::stddev},     {"stdvar", agg_op::stdvar},
      {"topk", agg_op::topk},         {"bottomk", agg_op::bottomk},
      {"quantile", agg_op::quantile}, {"count_values", agg_op::count_values},
  };
  for (auto& [n, op] : ops)
    if (n == word)
      return op;
  return std::nullopt;
}

bool is_keyword(std::string_view w) {
  static constexpr std::string_view kws[] = {
      "and", "or",       "unless",     "atan2", "by",     "without",
      "on",  "ignoring", "group_left", "bool",  "offset", "group_right",
  };
  for (auto k : kws)
    if (k == w)
      return true;
  return false;
}

class parser {
 public:
  explicit parser(std::vector<token> toks) : toks_(std::move(toks)) {
    // nop
  }

  expr_ptr run() {
    auto e = parse_expr(0);
    if (cur().kind != tk::eof)
      unexpected("");
    return e;
  }

 private:
  const token& cur() const { return toks_[i_]; }
  const token& peek(size_t n = 1) const {
    return toks_[std::min(i_ + n, toks_.size() - 1)];
  }
  token take() { return toks_[i_ < toks_.size() - 1 ? i_++ : i_]; }

  bool at_word(std::string_view w) const {
    return cur().kind == tk::identifier && lower(cur().text) == w;
  }

  [[noreturn]] void unexpected(std::string_view context) {
    std::string what;
    auto& t = cur();
    if (t.kind == tk::eof)
      what = "end of input";
    else if (t.kind == tk::identifier)
      what = (is_keyword(lower(t.text)) ? "keyword " : "identifier ") +
             quote(t.text);
    else if (t.kind == tk::number || t.kind == tk::duration)
      what = std::string{describe(t.kind)} + " " + quote(t.text);
    else if (t.kind == tk::string)
      what = "string " + quote(t.text);
    else
      what = describe(t.kind);
    std::string msg = "unexpected " + what;
    if (!context.empty())
      msg += " in " + std::string{context};
    throw parse_failure{t.pos, std::move(msg)};
  }

  void expect(tk k, std::string_view context) {
    if (cur().kind != k)
      unexpected(context);
    take();
  }

  struct depth_guard {
    explicit depth_guard(parser& p) : p_(p) {
      if (++p_.depth_ > max_nesting_depth)
        throw parse_failure{p_.cur().pos, "expression nested too deeply"};
    }
    ~depth_guard() { --p_.depth_; }
    parser& p_;
  };

  static int precedence(binary_op op) {
    switch (op) {
      case binary_op::lor:
        return 1;
      case binary_op::land:
      case binary_op::lunless:
        return 2;
      case binary_op::eql:
      case binary_op::neq:
      case binary_op::lss:
      case binary_op::lte:
      case binary_op::gtr:
      case binary_op::gte:
        return 3;
      case binary_op::add:
      case binary_op::sub:
        return 4;
      case binary_op::mul:
      case binary_op::div:
      case binary_op::mod:
      case binary_op::atan2:
        return 5;
      case binary_op::pow:
        return 6;
    }
    return 0;
  }

  std::optional<binary_op> peek_binop() const {
    switch (cur().kind) {
      case tk::add:
        return binary_op::add;
      case tk::sub:
        return binary_op::sub;
      case tk::mul:
        return binary_op::mul;
      case tk::div:
        return binary_op::div;
      case tk::mod:
        return binary_op::mod;
      case tk::pow:
        return binary_op::pow;
      case tk::eql:
        return binary_op::eql;
      case tk::neq:
        return binary_op::neq;
      case tk::lss:
        return binary_op::lss;
      case tk::lte:
        return binary_op::lte;
      case tk::gtr:
        return binary_op::gtr;
      case tk::gte:
        return binary_op::gte;
      case tk::identifier: {
        auto w = lower(cur().text);
        if (w == "and")
          return binary_op::land;
        if (w == "or")
          return binary_op::lor;
        if (w == "unless")
          return binary_op::lunless;
        if (w == "atan2")
          return binary_op::atan2;
        return std::nullopt;
      }
      default:
        return std::nullopt;
    }
  }

  expr_ptr parse_expr(int min_prec) {
    depth_guard g{*this};
    auto lhs = parse_unary();
    // A chain `a + b + c ...` nests to the left without recursing here;
    // count it so the tree's height stays bounded too.
    int chain = 0;
    while (true) {
      auto op = peek_binop();
      if (!op || precedence(*op) < min_prec)
        return lhs;
      if (++chain + depth_ > max_nesting_depth)
        throw parse_failure{cur().pos, "expression nested too deeply"};
      size_t op_pos = cur().pos;
      take();
      auto node = std::make_unique<expr>();
      node->k = expr::kind::binary;
      node->pos = lhs->pos;
      node->bin = *op;
      parse_bin_modifiers(*node);
      int next = *op == binary_op::pow ? precedence(*op) : precedence(*op) + 1;
      auto rhs = parse_expr(next);
      node->args.push_back(std::move(lhs));
      node->args.push_back(std::move(rhs));
      check_binary(*node, op_pos);
      lhs = std::move(node);
    }
  }

  std::vector<std::string> parse_label_list(std::string_view context) {
    expect(tk::lparen, context);
    std::vector<std::string> out;
    while (cur().kind != tk::rparen) {
      if (cur().kind != tk::identifier || !is_label_name(cur().text))
        unexpected(std::string{context} + ", expected label");
      out.push_back(take().text);
      if (cur().kind == tk::comma)
        take();
      else if (cur().kind != tk::rparen)
        unexpected(context);
    }
    take();
    return out;
  }

  void parse_bin_modifiers(expr& node) {
    if (at_word("bool")) {
      take();
      node.return_bool = true;
    }
    auto m = std::make_shared<vector_matching>();
    if (at_word("on") || at_word("ignoring")) {
      m->on = at_word("on");
      take();
      m->labels = parse_label_list("grouping opts");
      if (at_word("group_left") || at_word("group_right")) {
        m->cardinality = at_word("group_left")
                             ? vector_matching::card::many_to_one
                             : vector_matching::card::one_to_many;
        take();
        if (cur().kind == tk::lparen)
          m->include = parse_label_list("grouping opts");
      }
    }
    node.matching = std::move(m);
  }

  expr_ptr parse_unary() {
    if (cur().kind == tk::sub || cur().kind == tk::add) {
      depth_guard g{*this};
      bool minus = cur().kind == tk::sub;
      size_t pos = take().pos;
      auto operand = parse_expr(precedence(binary_op::pow));
      auto t = operand->type();
      if (t != value_type::scalar && t != value_type::vector)
        throw parse_failure{pos, "unary expression only allowed on "
                                 "expressions of type scalar or instant "
                                 "vector"};
      if (!minus) {
        operand->pos = pos;
        return operand;
      }
      if (operand->k == expr::kind::number) {
        operand->number = -operand->number;
        operand->pos = pos;
        return operand;
      }
      auto node = std::make_unique<expr>();
      node->k = expr::kind::unary;
      node->pos = pos;
      node->args.push_back(std::move(operand));
      return node;
    }
    return parse_postfix(parse_primary());
  }

  int64_t duration_token(std::string_view context) {
    if (cur().kind != tk::duration)
      unexpected(context);
    int64_t ms = 0;
    auto t = take();
    if (!parse_duration(t.text, ms))
      throw parse_failure{t.pos, "bad duration syntax: " + quote(t.text)};
    if (ms == 0)
      throw parse_failure{t.pos, "duration must be greater than 0"};
    return ms;
  }

  expr_ptr parse_postfix(expr_ptr e) {
    while (true) {
      if (cur().kind == tk::lbracket) {
        size_t pos = take().pos;
        int64_t range = duration_token("range or subquery");
        if (cur().kind == tk::colon) {
          take();
          int64_t step = 0;
          if (cur().kind != tk::rbracket)
            step = duration_token("subquery");
          expect(tk::rbracket, "subquery");
          e = make_subquery(std::move(e), range, step, pos);
        } else {
          expect(tk::rbracket, "range");
          e = make_matrix(std::move(e), range, pos);
        }
      } else if (at_word("offset")) {
        size_t pos = take().pos;
        bool neg = false;
        if (cur().kind == tk::sub) {
          take();
          neg = true;
        }
        int64_t d = duration_token("offset");
        set_offset(*e, neg ? -d : d, pos);
      } else if (cur().kind == tk::at) {
        size_t pos = take().pos;
        parse_at(*e, pos);
      } else {
        return e;
      }
    }
  }

  void parse_at(expr& e, size_t pos) {
    at_kind kind = at_kind::timestamp;
    int64_t ms = 0;
    if (at_word("start") || at_word("end")) {
      kind = at_word("start") ? at_kind::start : at_kind::end;
      take();
      expect(tk::lparen, "@ modifier");
      expect(tk::rparen, "@ modifier");
    } else {
      bool neg = false;
      if (cur().kind == tk::sub || cur().kind == tk::add) {
        neg = cur().kind == tk::sub;
        take();
      }
      double f = 0;
      if (at_word("inf") || at_word("nan")) {
        f = at_word("inf") ? std::numeric_limits<double>::infinity()
                           : std::numeric_limits<double>::quiet_NaN();
        take();
      } else if (cur().kind == tk::number) {
        f = parse_number(take());
      } else {
        unexpected("@ modifier");
      }
      if (neg)
        f = -f;
      double scaled = std::round(f * 1000.0);
      if (!std::isfinite(f) || scaled >= 9.2e18 || scaled <= -9.2e18)
        throw parse_failure{pos, "timestamp out of bounds for @ modifier: " +
                                     format_float(f)};
      ms = static_cast<int64_t>(scaled);
    }
    expr* target = at_target(e, pos, "@ modifier");
    if (target->at != at_kind::none)
      throw parse_failure{pos, "@ <timestamp> may not be set multiple times"};
    target->at = kind;
    target->at_ms = ms;
  }

  expr* at_target(expr& e, size_t pos, std::string_view what) {
    if (e.k == expr::kind::vector_selector || e.k == expr::kind::subquery)
      return &e;
    if (e.k == expr::kind::matrix_selector)
      return e.args[0].get();
    throw parse_failure{pos, std::string{what} +
                                 " must be preceded by an instant vector "
                                 "selector or range vector selector or a "
                                 "subquery"};
  }

  void set_offset(expr& e, int64_t ms, size_t pos) {
    expr* target = at_target(e, pos, "offset modifier");
    if (target->offset_ms != 0)
      throw parse_failure{pos, "offset may not be set multiple times"};
    target->offset_ms = ms;
  }

  expr_ptr make_matrix(expr_ptr e, int64_t range, size_t pos) {
    if (e->k != expr::kind::vector_selector)
      throw parse_failure{pos, "ranges only allowed for vector selectors"};
    if (e->offset_ms != 0 || e->at != at_kind::none)
      throw parse_failure{pos, "no offset modifiers allowed before range"};
    auto node = std::make_unique<expr>();
    node->k = expr::kind::matrix_selector;
    node->pos = e->pos;
    node->range_ms = range;
    node->args.push_back(std::move(e));
    return node;
  }

  expr_ptr make_subquery(expr_ptr e, int64_t range, int64_t step, size_t pos) {
    if (e->type() != value_type::vector)
      throw parse_failure{pos, "subquery is only allowed on instant vector, "
                               "got " +
                                   std::string{to_string(e->type())}};
    auto node = std::make_unique<expr>();
    node->k = expr::kind::subquery;
    node->pos = e->pos;
    node->range_ms = range;
    node->step_ms = step;
    node->args.push_back(std::move(e));
    return node;
  }

  double parse_number(const token& t) {
    const std::string& s = t.text;
    bool octal = s.size() > 1 && s[0] == '0' && s[1] != 'x' && s[1] != 'X';
    for (char c : s)
      if (c < '0' || c > '7')
        octal = false;
    errno = 0;
    if (octal) {
      auto v = std::strtoull(s.c_str(), nullptr, 8);
      if (errno == 0)
        return static_cast<double>(v);
    }
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size())
      throw parse_failure{t.pos, "error parsing number: " + quote(s)};
    return v;
  }

  expr_ptr parse_primary() {
    depth_guard g{*this};
    auto& t = cur();
    auto node = std::make_unique<expr>();
    node->pos = t.pos;
    switch (t.kind) {
      case tk::number:
        node->k = expr::kind::number;
        node->number = parse_number(take());
        return node;
      case tk::string:
        node->k = expr::kind::string;
        node->text = take().text;
        return node;
      case tk::lparen: {
        take();
        node->k = expr::kind::paren;
        node->args.push_back(parse_expr(0));
        expect(tk::rparen, "paren expression");
        return node;
      }
      case tk::lbrace:
        node->k = expr::kind::vector_selector;
        parse_matchers(*node);
        check_selector(*node);
        return node;
      case tk::identifier:
        break;
      default:
        unexpected("");
    }
    auto word = lower(t.text);
    if (word == "inf" || word == "nan") {
      take();
      node->k = expr::kind::number;
      node->number = word == "inf" ? std::numeric_limits<double>::infinity()
                                   : std::numeric_limits<double>::quiet_NaN();
      return node;
    }
    if (auto op = aggregator(word))
      return parse_aggregate(std::move(node), *op);
    if (peek().kind == tk::lparen)
      return parse_call(std::move(node));
    if (is_keyword(word))
      unexpected("");
    node->k = expr::kind::vector_selector;
    node->name = take().text;
    std::string err;
    node->matchers.push_back(*matcher::make(std::string{metric_name_label},
                                            matcher::op::eq, node->name, &err));
    if (cur().kind == tk::lbrace)
      parse_matchers(*node);
    check_selector(*node);
    return node;
  }

  void parse_matchers(expr& node) {
    take(); // {
    while (cur().kind != tk::rbrace) {
      if (cur().kind != tk::identifier || !is_label_name(cur().text))
        unexpected("label matching, expected label");
      auto name = take();
      matcher::op op;
      switch (cur().kind) {
        case tk::assign:
          op = matcher::op::eq;
          break;
        case tk::neq:
          op = matcher::op::ne;
          break;
        case tk::eql_regex:
          op = matcher::op::re;
          break;
        case tk::neq_regex:
          op = matcher::op::nre;
          break;
        default:
          unexpected("label matching, expected one of \"=\", "
                     "\"!=\", \"=~\" or \"!~\"");
      }
      take();
      if (cur().kind != tk::string)
        unexpected("label matching, expected string");
      auto value = take();
      std::string err;
      auto m = matcher::make(name.text, op, value.text, &err);
      if (!m)
        throw parse_failure{value.pos, err};
      if (!node.name.empty() && m->name == metric_name_label)
        throw parse_failure{
            name.pos, "metric name must not be set twice: " + quote(node.name) +
                          " or " + quote(m->value)};
      node.matchers.push_back(std::move(*m));
      if (cur().kind == tk::comma)
        take();
      else if (cur().kind != tk::rbrace)
        unexpected("label matching, expected \",\" or \"}\"");
    }
    take(); // }
  }

  expr_ptr parse_call(expr_ptr node) {
    auto name = take();
    node->k = expr::kind::call;
    node->func = find_function(name.text);
    if (!node->func)
      throw parse_failure{name.pos,
                          "unknown function with name " + quote(name.text)};
    take(); // (
    while (cur().kind != tk::rparen) {
      node->args.push_back(parse_expr(0));
      if (cur().kind == tk::comma && peek().kind != tk::rparen)
        take();
      else if (cur().kind != tk::rparen)
        unexpected("function call arguments");
    }
    take();
    check_call(*node);
    return node;
  }

  void parse_grouping(expr& node) {
    node.without = at_word("without");
    take();
    node.grouping = parse_label_list("grouping opts");
  }

  expr_ptr parse_aggregate(expr_ptr node, agg_op op) {
    take();
    node->k = expr::kind::aggregate;
    node->agg = op;
    bool grouped = false;
    if (at_word("by") || at_word("without")) {
      parse_grouping(*node);
      grouped = true;
    }
    if (cur().kind != tk::lparen)
      unexpected("aggregation");
    take();
    std::vector<expr_ptr> args;
    while (cur().kind != tk::rparen) {
      args.push_back(parse_expr(0));
      if (cur().kind == tk::comma && peek().kind != tk::rparen)
        take();
      else if (cur().kind != tk::rparen)
        unexpected("aggregation");
    }
    take();
    if (!grouped && (at_word("by") || at_word("without")))
      parse_grouping(*node);
    bool param = op == agg_op::topk || op == agg_op::bottomk ||
                 op == agg_op::quantile || op == agg_op::count_values;
    size_t want = param ? 2 : 1;
    if (args.size() != want)
      throw parse_failure{node->pos, "wrong number of arguments for aggregate "
                                     "expression provided, expected " +
                                         std::to_string(want) + ", got " +
                                         std::to_string(args.size())};
    if (param) {
      node->args.push_back(std::move(args[1]));
      node->args.push_back(std::move(args[0]));
    } else {
      node->args.push_back(std::move(args[0]));
    }
    check_aggregate(*node);
    return node;
  }

  std::vector<token> toks_;
  size_t i_ = 0;
  int depth_ = 0;
};

std::string format_error(std::string_view in, size_t pos,
                         const std::string& msg) {
  size_t line = 1;
  size_t last_break = 0;
  bool any_break = false;
  pos = std::min(pos, in.size());
  for (size_t i = 0; i < pos; ++i) {
    if (in[i] == '\n') {
      ++line;
      last_break = i;
      any_break = true;
    }
  }
  size_t col = any_break ? pos - last_break : pos + 1;
  return std::to_string(line) + ":" + std::to_string(col) +
         ": parse error: " + msg;
}

} // namespace

parse_result parse(std::string_view input) {
  parse_result res;
  auto lexed = lex(input);
  if (!lexed.ok) {
    res.error_pos = lexed.error_pos;
    res.error = format_error(input, lexed.error_pos, lexed.error);
    return res;
  }
  try {
    parser p{std::move(lexed.tokens)};
    res.expression = p.run();
  } catch (parse_failure& f) {
    res.expression.reset();
    res.error_pos = f.pos;
    res.error = format_error(input, f.pos, f.message);
  }
  return res;
}

} // namespace timeless::promql
