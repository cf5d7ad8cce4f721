// libFuzzer target: the PromQL parser. Any input must parse or fail with a
// positioned message, never crash, hang or overflow the stack (nesting is
// bounded by promql::max_nesting_depth). A parsed expression is printed,
// the text must parse again and print the same; a small evaluation on an
// empty storage must not crash either (its step count is bounded by
// max_samples).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "promql/eval.hpp"
#include "promql/parse.hpp"

using namespace timeless::promql;

namespace {

void check(bool ok) {
  if (!ok)
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input{reinterpret_cast<const char*>(data), size};
  auto r = parse(input);
  if (!r.ok()) {
    check(!r.error.empty() &&
          r.error.find("parse error: ") != std::string::npos);
    return 0;
  }
  auto text = to_string(*r.expression);
  auto again = parse(text);
  check(again.ok());
  check(to_string(*again.expression) == text);
  memory_storage st;
  st.add({{"__name__", "a"}, {"x", "1"}}, 0, 1);
  eval_options opts;
  opts.max_samples = 10'000;
  (void)eval_instant(*r.expression, 60'000, st, opts);
  return 0;
}
