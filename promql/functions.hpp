#pragma once

#include <string_view>
#include <vector>

#include "promql/ast.hpp"

namespace timeless::promql {

/// A function's signature as Prometheus 2.42's parser/functions.go states
/// it: argument types, `variadic` (0: exact; n > 0: the last argument type
/// may be omitted or repeated up to n times; -1: unlimited) and the return
/// type.
struct function_info {
  std::string_view name;
  std::vector<value_type> arg_types;
  int variadic = 0;
  value_type return_type = value_type::vector;
};

/// Looks up a function by its exact name; null when unknown.
const function_info* find_function(std::string_view name);

} // namespace timeless::promql
