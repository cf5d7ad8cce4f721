// libFuzzer target: InfluxDB line protocol. Each line of the input is
// parsed from its own heap block of exactly its length (so AddressSanitizer
// sees any read past it). A parsed line is written back, one line per
// point, with an empty measurement, escaped names and millisecond
// timestamps, and must parse to the same points.
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
#include "formats/influx_parser.hpp"
#include "timeless/options.hpp"

using namespace timeless;
using namespace timeless::formats;

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

void append_escaped(std::string& out, std::string_view x) {
  for (auto c : x) {
    if (c == ' ' || c == ',' || c == '=' || c == '\\')
      out += '\\';
    out += c;
  }
}

void parse_line(std::string_view line, influx_precision precision) {
  auto copy = std::make_unique<char[]>(line.size());
  if (!line.empty())
    std::memcpy(copy.get(), line.data(), line.size());
  std::string_view view{copy.get(), line.size()};
  influx_parser p{influx_options{precision, 0, ""}};
  auto r = p.parse(view);
  if (r.status == line_status::error)
    check(r.column <= line.size() && r.reason != nullptr && *r.reason != '\0');
  if (r.status != line_status::ok)
    return;
  check(p.size() > 0);
  check(p.timestamp() != now_timestamp);
  influx_parser back{influx_options{influx_precision::ms, 0, ""}};
  for (size_t i = 0; i < p.size(); ++i) {
    check(!p.metric(i).empty());
    std::string text;
    for (auto& l : p.labels()) {
      check(!l.name.empty() && !l.value.empty());
      text += ',';
      append_escaped(text, l.name);
      text += '=';
      append_escaped(text, l.value);
    }
    text += ' ';
    append_escaped(text, p.metric(i));
    text += '=';
    append_float(text, p.value(i));
    text += ' ';
    text += std::to_string(p.timestamp());
    auto r2 = back.parse(text);
    check(r2.status == line_status::ok && back.size() == 1);
    check(back.metric(0) == p.metric(i) && back.labels() == p.labels() &&
          back.timestamp() == p.timestamp() &&
          same_value(back.value(0), p.value(i)));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input{reinterpret_cast<const char*>(data), size};
  // The first byte picks the precision.
  auto precision = influx_precision::guess;
  if (!input.empty()) {
    precision =
        static_cast<influx_precision>(static_cast<uint8_t>(input[0]) % 7);
    input.remove_prefix(1);
  }
  while (true) {
    auto nl = input.find('\n');
    parse_line(input.substr(0, nl), precision);
    if (nl == std::string_view::npos)
      break;
    input.remove_prefix(nl + 1);
  }
  return 0;
}
