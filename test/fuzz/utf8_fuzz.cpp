// libFuzzer target: UTF-8 validation (codec/utf8.hpp) and the JSON string
// writer that replaces invalid bytes (formats/json_writer.hpp). The input
// is copied into its own heap block of exactly its length (so
// AddressSanitizer sees any read past it). `first_invalid` must agree with
// walking `sequence_length`, and the JSON string must be valid UTF-8 and,
// for valid input without bytes JSON escapes, the input in quotes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "codec/utf8.hpp"
#include "formats/json_writer.hpp"

using namespace timeless;

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
  size_t i = 0;
  while (i < in.size()) {
    auto n = utf8::sequence_length(in.substr(i));
    if (n == 0)
      break;
    check(n <= 4 && i + n <= in.size());
    i += n;
  }
  check(utf8::first_invalid(in) == i);
  std::string j;
  formats::append_json_string(j, in);
  check(utf8::valid(j));
  check(j.size() >= 2 && j.front() == '"' && j.back() == '"');
  bool plain = true;
  for (auto c : in)
    plain =
        plain && static_cast<unsigned char>(c) >= 0x20 && c != '"' && c != '\\';
  if (plain && utf8::valid(in))
    check(j.substr(1, j.size() - 2) == in);
  return 0;
}
