#pragma once

// Internal to the parser: the recursive-descent parser class, split over
// parse.cpp (operators, precedence, modifiers of binary expressions) and
// parse_operand.cpp (literals, selectors, ranges, offset/@, subqueries,
// calls, aggregations).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "promql/ast.hpp"
#include "promql/labels.hpp"
#include "promql/lex.hpp"
#include "promql/parse.hpp"
#include "promql/parse_check.hpp"

namespace timeless::promql {

using tk = token_kind;

/// ASCII lower case (keywords are case-insensitive).
std::string lower(std::string_view s);

/// The aggregation operator named `word` (lower case), if any.
std::optional<agg_op> aggregator(std::string_view word);

/// True for the keywords that cannot start an operand.
bool is_keyword(std::string_view w);

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

  expr_ptr parse_expr(int min_prec);

  std::vector<std::string> parse_label_list(std::string_view context);

  void parse_bin_modifiers(expr& node);

  expr_ptr parse_unary();

  int64_t duration_token(std::string_view context);

  expr_ptr parse_postfix(expr_ptr e);

  void parse_at(expr& e, size_t pos);

  expr* at_target(expr& e, size_t pos, std::string_view what);

  void set_offset(expr& e, int64_t ms, size_t pos);

  expr_ptr make_matrix(expr_ptr e, int64_t range, size_t pos);

  expr_ptr make_subquery(expr_ptr e, int64_t range, int64_t step, size_t pos);

  double parse_number(const token& t);

  expr_ptr parse_primary();

  void parse_matchers(expr& node);

  expr_ptr parse_call(expr_ptr node);

  void parse_grouping(expr& node);

  expr_ptr parse_aggregate(expr_ptr node, agg_op op);

  std::vector<token> toks_;
  size_t i_ = 0;
  int depth_ = 0;
};

} // namespace timeless::promql
