// libFuzzer target: UTF-8 validation and sanitizing. The input is copied
// into its own heap block of exactly its length (so AddressSanitizer sees
// any read past it). Sanitizing must leave valid input unchanged, and both
// the sanitized text and the JSON string must be valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "formats/utf8.hpp"

using namespace timeless::formats;

namespace {

void check(bool ok) {
  if (!ok)
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto copy = std::make_unique<char[]>(size);
  if (size > 0)
    std::memcpy(copy.get(), data, size);
  std::string_view in{copy.get(), size};
  bool valid = valid_utf8(in);
  std::string s;
  append_utf8_sanitized(s, in);
  check(valid_utf8(s));
  check(valid == (s == in));
  std::string j;
  append_json_string_utf8(j, in);
  check(valid_utf8(j));
  check(j.size() >= 2 && j.front() == '"' && j.back() == '"');
  return 0;
}
