#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "promql/ast.hpp"

namespace timeless::promql {

/// The result of `parse`: a syntax tree, or an error. `error` is formatted
/// as Prometheus formats a ParseErr: `<line>:<column>: parse error: <msg>`
/// with a 1-based line and column of the byte at `error_pos`.
struct parse_result {
  expr_ptr expression;
  std::string error;
  size_t error_pos = 0;
  bool ok() const { return expression != nullptr; }
};

/// Expressions nest at most this deep (parentheses, calls, aggregations,
/// unary and binary operators); deeper input is a parse error, so the
/// recursive parser and evaluator never overflow the stack.
inline constexpr int max_nesting_depth = 200;

/// Parses a PromQL expression (Prometheus 2.42 syntax) and type-checks it
/// as Prometheus' parser does: function arity and argument types,
/// aggregation parameters, binary-operator operand types and modifiers,
/// offset/@ placement. Type errors are parse errors, e.g.
/// `1:1: parse error: expected type range vector in call to function
/// "rate", got instant vector`.
parse_result parse(std::string_view input);

} // namespace timeless::promql
