// libFuzzer target: remote_write bodies. The first input byte picks the
// form of the rest: even, a snappy-compressed body (at most 1 MiB
// decompressed); odd, an uncompressed WriteRequest. The rest is copied
// into its own heap block of exactly its length (so AddressSanitizer sees
// any read past it). A decoded request must be consistent, and when its
// strings are valid UTF-8 (libprotobuf's proto3 strings), encoding it again
// with libprotobuf must decode to the same series.
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "codec/utf8.hpp"
#include "formats/remote_write.hpp"
#include "formats/remote_write_encoder.hpp"

using namespace timeless;
using namespace timeless::formats;

namespace {

void check(bool ok) {
  if (!ok)
    std::abort();
}

bool same_values(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::bit_cast<uint64_t>(a[i]) != std::bit_cast<uint64_t>(b[i]))
      return false;
  return true;
}

bool all_utf8(const rw_series& s) {
  if (!utf8::valid(s.metric))
    return false;
  for (auto& l : s.labels)
    if (!utf8::valid(l.name) || !utf8::valid(l.value))
      return false;
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0)
    return 0;
  bool compressed = data[0] % 2 == 0;
  auto copy = std::make_unique<char[]>(size - 1);
  if (size > 1)
    std::memcpy(copy.get(), data + 1, size - 1);
  std::string_view in{copy.get(), size - 1};
  remote_write_decoder d;
  auto err = compressed ? d.decode(in, 1 << 20) : d.decode_uncompressed(in);
  if (err) {
    check(d.series().empty() && d.metadata().empty() && d.points() == 0);
    return 0;
  }
  size_t points = 0;
  bool all_valid = true;
  for (auto& s : d.series()) {
    check(!s.metric.empty() && !s.ts.empty());
    check(s.ts.size() == s.values.size());
    for (auto t : s.ts)
      check(t != std::numeric_limits<int64_t>::min());
    points += s.ts.size();
    all_valid = all_valid && all_utf8(s);
  }
  check(points == d.points());
  if (!all_valid)
    return 0;
  std::vector<rw_series> series(d.series().begin(), d.series().end());
  remote_write_decoder back;
  check(!back.decode(snappy_compress(encode_write_request(series)), 1 << 30));
  check(back.series().size() == series.size());
  for (size_t i = 0; i < series.size(); ++i) {
    auto& a = series[i];
    auto& b = back.series()[i];
    check(a.metric == b.metric && a.labels == b.labels && a.ts == b.ts &&
          same_values(a.values, b.values));
  }
  return 0;
}
