#include "promql/ast.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "promql/functions.hpp"
#include "promql/labels.hpp"
#include "promql/lex.hpp"

namespace timeless::promql {

std::string_view to_string(value_type t) {
  switch (t) {
    case value_type::scalar:
      return "scalar";
    case value_type::vector:
      return "instant vector";
    case value_type::matrix:
      return "range vector";
    case value_type::string:
      return "string";
  }
  return "?";
}

std::string_view to_string(binary_op op) {
  switch (op) {
    case binary_op::lor:
      return "or";
    case binary_op::land:
      return "and";
    case binary_op::lunless:
      return "unless";
    case binary_op::eql:
      return "==";
    case binary_op::neq:
      return "!=";
    case binary_op::lss:
      return "<";
    case binary_op::lte:
      return "<=";
    case binary_op::gtr:
      return ">";
    case binary_op::gte:
      return ">=";
    case binary_op::add:
      return "+";
    case binary_op::sub:
      return "-";
    case binary_op::mul:
      return "*";
    case binary_op::div:
      return "/";
    case binary_op::mod:
      return "%";
    case binary_op::atan2:
      return "atan2";
    case binary_op::pow:
      return "^";
  }
  return "?";
}

bool is_comparison(binary_op op) {
  return op >= binary_op::eql && op <= binary_op::gte;
}

bool is_set_op(binary_op op) {
  return op == binary_op::lor || op == binary_op::land ||
         op == binary_op::lunless;
}

std::string_view to_string(agg_op op) {
  switch (op) {
    case agg_op::sum:
      return "sum";
    case agg_op::avg:
      return "avg";
    case agg_op::count:
      return "count";
    case agg_op::min:
      return "min";
    case agg_op::max:
      return "max";
    case agg_op::group:
      return "group";
    case agg_op::stddev:
      return "stddev";
    case agg_op::stdvar:
      return "stdvar";
    case agg_op::topk:
      return "topk";
    case agg_op::bottomk:
      return "bottomk";
    case agg_op::quantile:
      return "quantile";
    case agg_op::count_values:
      return "count_values";
  }
  return "?";
}

value_type expr::type() const {
  switch (k) {
    case kind::number:
      return value_type::scalar;
    case kind::string:
      return value_type::string;
    case kind::vector_selector:
      return value_type::vector;
    case kind::matrix_selector:
    case kind::subquery:
      return value_type::matrix;
    case kind::paren:
    case kind::unary:
      return args[0]->type();
    case kind::binary:
      return args[0]->type() == value_type::scalar &&
                     args[1]->type() == value_type::scalar
                 ? value_type::scalar
                 : value_type::vector;
    case kind::call:
      return func->return_type;
    case kind::aggregate:
      return value_type::vector;
  }
  return value_type::scalar;
}

std::string format_float(double v) {
  if (std::isnan(v))
    return "NaN";
  if (std::isinf(v))
    return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto r =
      std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci{buf, r.ptr};
  auto e = sci.find('e');
  int exp = std::stoi(sci.substr(e + 1));
  if (exp < -4 || exp >= 21) {
    std::string mant = sci.substr(0, e);
    char eb[16];
    std::snprintf(eb, sizeof eb, "e%c%02d", exp < 0 ? '-' : '+',
                  exp < 0 ? -exp : exp);
    return mant + eb;
  }
  r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string{buf, r.ptr};
}

namespace {

std::string at_and_offset(const expr& e) {
  std::string out;
  if (e.offset_ms > 0)
    out += " offset " + format_duration(e.offset_ms);
  else if (e.offset_ms < 0)
    out += " offset -" + format_duration(-e.offset_ms);
  switch (e.at) {
    case at_kind::none:
      break;
    case at_kind::start:
      out += " @ start()";
      break;
    case at_kind::end:
      out += " @ end()";
      break;
    case at_kind::timestamp: {
      // Exact: seconds and three digits of milliseconds.
      uint64_t abs_ms = e.at_ms < 0 ? 0 - static_cast<uint64_t>(e.at_ms)
                                    : static_cast<uint64_t>(e.at_ms);
      char buf[64];
      std::snprintf(buf, sizeof buf, " @ %s%llu.%03llu", e.at_ms < 0 ? "-" : "",
                    static_cast<unsigned long long>(abs_ms / 1000),
                    static_cast<unsigned long long>(abs_ms % 1000));
      out += buf;
      break;
    }
  }
  return out;
}

std::string selector_body(const expr& e) {
  std::string out = e.name;
  std::string inner;
  for (auto& m : e.matchers) {
    if (!e.name.empty() && m.name == metric_name_label &&
        m.kind == matcher::op::eq && m.value == e.name)
      continue;
    if (!inner.empty())
      inner += ", ";
    inner += m.to_string();
  }
  if (!inner.empty() || e.name.empty())
    out += "{" + inner + "}";
  return out;
}

std::string join(const std::vector<std::string>& xs) {
  std::string out;
  for (auto& x : xs) {
    if (!out.empty())
      out += ", ";
    out += x;
  }
  return out;
}

} // namespace

std::string to_string(const expr& e) {
  using k = expr::kind;
  switch (e.k) {
    case k::number:
      return format_float(e.number);
    case k::string:
      return quote(e.text);
    case k::vector_selector:
      return selector_body(e) + at_and_offset(e);
    case k::matrix_selector:
      return selector_body(*e.args[0]) + "[" + format_duration(e.range_ms) +
             "]" + at_and_offset(*e.args[0]);
    case k::subquery:
      return to_string(*e.args[0]) + "[" + format_duration(e.range_ms) + ":" +
             (e.step_ms ? format_duration(e.step_ms) : "") + "]" +
             at_and_offset(e);
    case k::paren:
      return "(" + to_string(*e.args[0]) + ")";
    case k::unary:
      return "-" + to_string(*e.args[0]);
    case k::binary: {
      std::string out = to_string(*e.args[0]) + " ";
      out += to_string(e.bin);
      if (e.return_bool)
        out += " bool";
      if (e.matching) {
        auto& m = *e.matching;
        if (m.on || !m.labels.empty())
          out += std::string{m.on ? " on" : " ignoring"} + "(" +
                 join(m.labels) + ")";
        if (m.cardinality == vector_matching::card::many_to_one)
          out += " group_left(" + join(m.include) + ")";
        else if (m.cardinality == vector_matching::card::one_to_many)
          out += " group_right(" + join(m.include) + ")";
      }
      return out + " " + to_string(*e.args[1]);
    }
    case k::call: {
      std::string out = std::string{e.func->name} + "(";
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (i)
          out += ", ";
        out += to_string(*e.args[i]);
      }
      return out + ")";
    }
    case k::aggregate: {
      std::string out{to_string(e.agg)};
      if (e.without || !e.grouping.empty())
        out += std::string{e.without ? " without" : " by"} + " (" +
               join(e.grouping) + ") ";
      out += "(";
      if (e.args.size() > 1)
        out += to_string(*e.args[1]) + ", ";
      return out + to_string(*e.args[0]) + ")";
    }
  }
  return "?";
}

} // namespace timeless::promql
