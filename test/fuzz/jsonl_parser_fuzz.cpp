// libFuzzer target: VictoriaMetrics JSON lines. Each line of the input is
// parsed from its own heap block of exactly its length (so
// AddressSanitizer sees any read past it) by one parser that keeps its
// scratch buffers across lines; a failed line must leave the output
// unchanged, and a parsed line written back as JSON must parse to the same
// samples.
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "formats/json_writer.hpp"
#include "formats/jsonl_parser.hpp"

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

void parse_line(formats::jsonl_parser& parser, std::string_view line) {
  auto copy = std::make_unique<char[]>(line.size());
  std::memcpy(copy.get(), line.data(), line.size());
  std::vector<sample> out{sample{"sentinel", {}, 1, 2}};
  auto r = parser.parse({copy.get(), line.size()}, out);
  if (r.status != formats::line_status::ok) {
    check(out.size() == 1 && out[0].metric == "sentinel");
    if (r.status == formats::line_status::error)
      check(r.column <= line.size() && *r.reason != '\0');
    return;
  }
  check(out.size() > 1);
  std::vector<int64_t> ts;
  std::vector<double> values;
  for (size_t i = 1; i < out.size(); ++i) {
    check(out[i].metric == out[1].metric && out[i].labels == out[1].labels);
    ts.push_back(out[i].ts);
    values.push_back(out[i].value);
  }
  std::string text;
  formats::append_json_line(text, out[1].metric, out[1].labels, ts, values);
  std::vector<sample> back;
  formats::jsonl_parser fresh;
  check(fresh.parse(text, back).status == formats::line_status::ok);
  check(back.size() == ts.size());
  for (size_t i = 0; i < back.size(); ++i)
    check(back[i].metric == out[1].metric && back[i].labels == out[1].labels &&
          back[i].ts == ts[i] && same_value(back[i].value, values[i]));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input{reinterpret_cast<const char*>(data), size};
  formats::jsonl_parser parser;
  while (true) {
    auto nl = input.find('\n');
    parse_line(parser, input.substr(0, nl));
    if (nl == std::string_view::npos)
      break;
    input.remove_prefix(nl + 1);
  }
  return 0;
}
