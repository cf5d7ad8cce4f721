#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "promql/matcher.hpp"

namespace timeless::promql {

/// The four PromQL value types.
enum class value_type { scalar, vector, matrix, string };

/// "scalar", "instant vector", "range vector", "string" (Prometheus' names).
std::string_view to_string(value_type t);

/// Binary operators, lowest precedence first: or; and, unless; comparisons;
/// + -; * / % atan2; ^ (right-associative).
enum class binary_op {
  lor,
  land,
  lunless,
  eql,
  neq,
  lss,
  lte,
  gtr,
  gte,
  add,
  sub,
  mul,
  div,
  mod,
  atan2,
  pow,
};

std::string_view to_string(binary_op op);
bool is_comparison(binary_op op);
bool is_set_op(binary_op op);

/// Aggregation operators.
enum class agg_op {
  sum,
  avg,
  count,
  min,
  max,
  group,
  stddev,
  stdvar,
  topk,
  bottomk,
  quantile,
  count_values,
};

std::string_view to_string(agg_op op);

/// How two instant vectors are matched (`on`, `ignoring`, `group_left`,
/// `group_right`). Set operators always match many-to-many.
struct vector_matching {
  enum class card { one_to_one, many_to_one, one_to_many, many_to_many };
  card cardinality = card::one_to_one;
  bool on = false;                  ///< `on(...)` rather than `ignoring(...)`
  std::vector<std::string> labels;  ///< the on/ignoring labels
  std::vector<std::string> include; ///< the group_left/right labels
};

struct function_info;

/// The `@` modifier of a selector or subquery.
enum class at_kind { none, timestamp, start, end };

/// A node of the syntax tree. One struct for every kind; the fields used by
/// a kind are listed beside it. Children live in `args`:
/// - number: `number`
/// - string: `text`
/// - vector_selector: `name` (may be empty), `matchers` (incl. a
///   `__name__` matcher for the name), `offset_ms`, `at`, `at_ms`
/// - matrix_selector: args[0] the vector selector (which holds offset/@),
///   `range_ms`
/// - subquery: args[0] the inner expression, `range_ms`, `step_ms` (0 when
///   omitted), `offset_ms`, `at`, `at_ms`
/// - paren, unary (always minus; a plus is dropped): args[0]
/// - binary: args[0] op args[1], `bin`, `return_bool`, `matching` (null
///   unless both sides are instant vectors)
/// - call: `func`, args
/// - aggregate: `agg`, args[0] the expression, args[1] the parameter when
///   the operator takes one, `grouping`, `without`
struct expr {
  enum class kind {
    number,
    string,
    vector_selector,
    matrix_selector,
    subquery,
    paren,
    unary,
    binary,
    call,
    aggregate,
  };
  kind k = kind::number;
  size_t pos = 0; ///< byte offset of the node's first token
  double number = 0;
  std::string text;
  std::string name;
  std::vector<matcher> matchers;
  int64_t range_ms = 0;
  int64_t step_ms = 0;
  int64_t offset_ms = 0;
  at_kind at = at_kind::none;
  int64_t at_ms = 0;
  binary_op bin = binary_op::add;
  bool return_bool = false;
  std::shared_ptr<vector_matching> matching;
  const function_info* func = nullptr;
  agg_op agg = agg_op::sum;
  std::vector<std::string> grouping;
  bool without = false;
  std::vector<std::unique_ptr<expr>> args;

  /// The value type this expression evaluates to.
  value_type type() const;
};

using expr_ptr = std::unique_ptr<expr>;

/// Prints `e` as PromQL that parses back to the same tree (Prometheus'
/// String() layout: `sum by (a) (rate(x{y="z"}[5m] offset 1m))`).
std::string to_string(const expr& e);

/// Formats a float as Go's strconv.FormatFloat(v, 'g', -1, 64) does
/// ("1e+06", "0.1", "+Inf", "NaN").
std::string format_float(double v);

} // namespace timeless::promql
