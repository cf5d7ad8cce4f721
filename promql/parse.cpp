#include "promql/parse.hpp"

#include "promql/parser.hpp"

namespace timeless::promql {

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

expr_ptr parser::parse_expr(int min_prec) {
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

std::vector<std::string> parser::parse_label_list(std::string_view context) {
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

void parser::parse_bin_modifiers(expr& node) {
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

expr_ptr parser::parse_unary() {
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

int64_t parser::duration_token(std::string_view context) {
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

namespace {

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
