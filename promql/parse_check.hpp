#pragma once

// Internal to the parser: the type checks Prometheus' parser runs on each
// node (parser/parse.go checkAST), raised as parse_failure.

#include <cstddef>
#include <string>

#include "promql/ast.hpp"

namespace timeless::promql {

/// Thrown inside the parser only; `parse` turns it into a parse_result.
struct parse_failure {
  size_t pos;
  std::string message;
};

/// A selector needs a matcher that does not match "".
void check_selector(const expr& e);

/// Arity and argument types of a call.
void check_call(const expr& e);

/// Operand and parameter types of an aggregation.
void check_aggregate(const expr& e);

/// Operand types and modifiers of a binary expression; normalizes the
/// vector matching (null unless both sides are vectors; set operators
/// many-to-many). `op_pos` is the operator's offset.
void check_binary(expr& e, size_t op_pos);

} // namespace timeless::promql
