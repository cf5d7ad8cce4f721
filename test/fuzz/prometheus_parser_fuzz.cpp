// libFuzzer target: Prometheus text lines. Each line of the input is parsed
// from its own heap block of exactly its length (so AddressSanitizer sees
// any read past it); a parsed sample is written back in Prometheus form and
// must parse to the same sample.
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "formats/float_text.hpp"
#include "formats/prometheus_parser.hpp"
#include "timeless/labels.hpp"

using namespace timeless;

namespace {

void check(bool ok) {
  if (!ok)
    std::abort();
}

bool same_value(double a, double b) {
  return std::isnan(a)
             ? std::isnan(b)
             : std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}

void parse_line(std::string_view line) {
  auto copy = std::make_unique<char[]>(line.size());
  std::memcpy(copy.get(), line.data(), line.size());
  std::string_view view{copy.get(), line.size()};
  sample s;
  auto r = formats::parse_prometheus_line(view, s);
  if (r.status == formats::line_status::error)
    check(r.column <= line.size() && r.reason != nullptr && *r.reason != '\0');
  if (r.status != formats::line_status::ok)
    return;
  check(!s.metric.empty());
  auto text = format_series(s.metric, s.labels) + " ";
  formats::append_float(text, s.value);
  if (s.ts != now_timestamp)
    text += " " + std::to_string(s.ts);
  sample back;
  auto r2 = formats::parse_prometheus_line(text, back);
  check(r2.status == formats::line_status::ok);
  check(back.metric == s.metric && back.labels == s.labels && back.ts == s.ts &&
        same_value(back.value, s.value));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input{reinterpret_cast<const char*>(data), size};
  while (true) {
    auto nl = input.find('\n');
    parse_line(input.substr(0, nl));
    if (nl == std::string_view::npos)
      break;
    input.remove_prefix(nl + 1);
  }
  return 0;
}
