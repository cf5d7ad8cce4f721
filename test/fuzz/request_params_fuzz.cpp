// libFuzzer target: request parameters (query strings and form bodies).
// The input is parsed from its own heap block of exactly its length (so
// AddressSanitizer sees any read past it). Checks: a parse either fails
// and appends nothing, or succeeds; percent-decoding never grows the text;
// every decoded pair, encoded again with every byte escaped, parses back
// to the same pair.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "server/http/params.hpp"

using namespace timeless::server;

namespace {

void check(bool ok) {
  if (!ok)
    std::abort();
}

std::string escape_all(std::string_view x) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : x) {
    out += '%';
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto copy = std::make_unique<char[]>(size);
  std::memcpy(copy.get(), data, size);
  std::string_view input{copy.get(), size};
  auto decoded = percent_decode(input);
  if (decoded)
    check(decoded->size() <= input.size());
  request_params p;
  auto err = p.parse(input);
  if (err) {
    check(p.pairs().empty());
    return 0;
  }
  std::string again;
  for (auto& [k, v] : p.pairs()) {
    check(k.size() + v.size() <= input.size());
    if (!again.empty())
      again += '&';
    again += escape_all(k) + '=' + escape_all(v);
  }
  request_params q;
  check(!q.parse(again));
  check(q.pairs() == p.pairs());
  return 0;
}
