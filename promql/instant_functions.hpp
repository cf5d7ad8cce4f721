#pragma once

// Internal to the evaluator: function groups in their own files.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "promql/evaluator.hpp"

namespace timeless::promql {

/// label_replace(v, dst, replacement, src, regex): see label_functions.cpp.
vector label_replace(vector in, const std::string& dst,
                     const std::string& replacement, const std::string& src,
                     const std::string& regex);

/// label_join(v, dst, separator, src...).
vector label_join(vector in, const std::string& dst, const std::string& sep,
                  const std::vector<std::string>& src);

/// True for minute, hour, day_of_week, day_of_month, day_of_year,
/// days_in_month, month, year.
bool is_time_function(std::string_view name);

/// The named time function of the UTC time `unix_seconds`.
double time_function(std::string_view name, int64_t unix_seconds);

/// Evaluates a call whose argument `matrix_arg` is a range vector.
step_values eval_range_function(evaluator& ev, const expr& e, size_t matrix_arg,
                                const eval_range_t& r);

/// Labels of absent()/absent_over_time(): the equality matchers of a
/// selector argument (vector or matrix selector; other expressions give
/// none), except `__name__` and names matched more than once.
labels absent_labels(const expr& arg);

/// The scalar argument `a` at step `i`.
double scalar_arg(const std::vector<step_values>& args, size_t a, size_t i);

} // namespace timeless::promql
