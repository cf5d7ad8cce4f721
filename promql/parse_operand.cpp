#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "promql/functions.hpp"
#include "promql/parser.hpp"

namespace timeless::promql {

expr_ptr parser::parse_postfix(expr_ptr e) {
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

void parser::parse_at(expr& e, size_t pos) {
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

expr* parser::at_target(expr& e, size_t pos, std::string_view what) {
  if (e.k == expr::kind::vector_selector || e.k == expr::kind::subquery)
    return &e;
  if (e.k == expr::kind::matrix_selector)
    return e.args[0].get();
  throw parse_failure{pos, std::string{what} +
                               " must be preceded by an instant vector "
                               "selector or range vector selector or a "
                               "subquery"};
}

void parser::set_offset(expr& e, int64_t ms, size_t pos) {
  expr* target = at_target(e, pos, "offset modifier");
  if (target->offset_ms != 0)
    throw parse_failure{pos, "offset may not be set multiple times"};
  target->offset_ms = ms;
}

expr_ptr parser::make_matrix(expr_ptr e, int64_t range, size_t pos) {
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

expr_ptr parser::make_subquery(expr_ptr e, int64_t range, int64_t step,
                               size_t pos) {
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

double parser::parse_number(const token& t) {
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

expr_ptr parser::parse_primary() {
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

void parser::parse_matchers(expr& node) {
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

expr_ptr parser::parse_call(expr_ptr node) {
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

void parser::parse_grouping(expr& node) {
  node.without = at_word("without");
  take();
  node.grouping = parse_label_list("grouping opts");
}

expr_ptr parser::parse_aggregate(expr_ptr node, agg_op op) {
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

} // namespace timeless::promql
