#include "promql/parse_check.hpp"

#include "promql/functions.hpp"
#include "promql/labels.hpp"

namespace timeless::promql {

namespace {

void expect_type(const expr& e, value_type want, const std::string& context) {
  auto got = e.type();
  if (got != want)
    throw parse_failure{e.pos, "expected type " + std::string{to_string(want)} +
                                   " in " + context + ", got " +
                                   std::string{to_string(got)}};
}

} // namespace

void check_selector(const expr& e) {
  for (auto& m : e.matchers)
    if (!m.matches(""))
      return;
  throw parse_failure{e.pos, "vector selector must contain at least one "
                             "non-empty matcher"};
}

void check_call(const expr& e) {
  auto& f = *e.func;
  auto nargs = f.arg_types.size();
  auto got = e.args.size();
  auto name = quote(f.name);
  if (f.variadic == 0) {
    if (nargs != got)
      throw parse_failure{e.pos, "expected " + std::to_string(nargs) +
                                     " argument(s) in call to " + name +
                                     ", got " + std::to_string(got)};
  } else {
    size_t na = nargs - 1;
    if (na > got)
      throw parse_failure{e.pos, "expected at least " + std::to_string(na) +
                                     " argument(s) in call to " + name +
                                     ", got " + std::to_string(got)};
    size_t max = na + static_cast<size_t>(f.variadic);
    if (f.variadic > 0 && max < got)
      throw parse_failure{e.pos, "expected at most " + std::to_string(max) +
                                     " argument(s) in call to " + name +
                                     ", got " + std::to_string(got)};
  }
  for (size_t i = 0; i < got; ++i) {
    size_t j = i < nargs ? i : nargs - 1;
    expect_type(*e.args[i], f.arg_types[j], "call to function " + name);
  }
}

void check_aggregate(const expr& e) {
  expect_type(*e.args[0], value_type::vector, "aggregation expression");
  if (e.args.size() > 1) {
    auto want =
        e.agg == agg_op::count_values ? value_type::string : value_type::scalar;
    expect_type(*e.args[1], want, "aggregation parameter");
  }
}

void check_binary(expr& e, size_t op_pos) {
  auto lt = e.args[0]->type();
  auto rt = e.args[1]->type();
  auto op = e.bin;
  auto fail = [&](std::string msg) { throw parse_failure{op_pos, msg}; };
  if (e.return_bool && !is_comparison(op))
    fail("bool modifier can only be used on comparison operators");
  if (is_comparison(op) && !e.return_bool && lt == value_type::scalar &&
      rt == value_type::scalar)
    fail("comparisons between scalars must use BOOL modifier");
  auto& m = *e.matching;
  if (is_set_op(op) && m.cardinality == vector_matching::card::one_to_one)
    m.cardinality = vector_matching::card::many_to_many;
  if (m.on)
    for (auto& l1 : m.labels)
      for (auto& l2 : m.include)
        if (l1 == l2)
          fail("label " + quote(l1) +
               " must not occur in ON and GROUP "
               "clause at once");
  for (auto t : {lt, rt})
    if (t != value_type::scalar && t != value_type::vector)
      fail("binary expression must contain only scalar and instant vector "
           "types");
  if (lt != value_type::vector || rt != value_type::vector) {
    if (!m.labels.empty())
      fail("vector matching only allowed between instant vectors");
    e.matching.reset();
  } else if (is_set_op(op)) {
    if (m.cardinality == vector_matching::card::one_to_many ||
        m.cardinality == vector_matching::card::many_to_one)
      fail("no grouping allowed for " + quote(to_string(op)) + " operation");
  }
  if ((lt == value_type::scalar || rt == value_type::scalar) && is_set_op(op))
    fail("set operator " + quote(to_string(op)) +
         " not allowed in binary scalar expression");
}

} // namespace timeless::promql
