#include "formats/prometheus_meta.hpp"

#include <array>

#include "codec/utf8.hpp"

namespace timeless::formats {

namespace {

constexpr size_t max_name_bytes = 256;
constexpr size_t max_unit_bytes = 256;
constexpr size_t max_help_bytes = 64 * 1024;

bool valid_metric(std::string_view x) {
  if (x.empty() || x.size() > max_name_bytes)
    return false;
  for (size_t i = 0; i < x.size(); ++i) {
    char c = x[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              c == ':' || (i > 0 && c >= '0' && c <= '9');
    if (!ok)
      return false;
  }
  return true;
}

/// The stored name of a type written in a TYPE line, or nullptr.
const char* known_type(std::string_view t) {
  static constexpr std::array<const char*, 8> names{
      "counter", "gauge",          "histogram", "summary",
      "unknown", "gaugehistogram", "info",      "stateset"};
  if (t == "untyped")
    return "unknown";
  for (auto n : names)
    if (t == n)
      return n;
  return nullptr;
}

const char* rw_type_name(rw_metric_type t) {
  switch (t) {
    case rw_metric_type::counter:
      return "counter";
    case rw_metric_type::gauge:
      return "gauge";
    case rw_metric_type::histogram:
      return "histogram";
    case rw_metric_type::gaugehistogram:
      return "gaugehistogram";
    case rw_metric_type::summary:
      return "summary";
    case rw_metric_type::info:
      return "info";
    case rw_metric_type::stateset:
      return "stateset";
    case rw_metric_type::unknown:
      break;
  }
  return "unknown";
}

std::string_view skip_blanks(std::string_view x) {
  while (!x.empty() && (x.front() == ' ' || x.front() == '\t'))
    x.remove_prefix(1);
  return x;
}

/// Splits off the next token (up to a blank).
std::string_view token(std::string_view& x) {
  x = skip_blanks(x);
  size_t n = 0;
  while (n < x.size() && x[n] != ' ' && x[n] != '\t')
    ++n;
  auto out = x.substr(0, n);
  x.remove_prefix(n);
  return out;
}

std::string unescape_help(std::string_view x) {
  std::string out;
  out.reserve(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] == '\\' && i + 1 < x.size()) {
      char n = x[i + 1];
      if (n == 'n' || n == '\\' || n == '"') {
        out += n == 'n' ? '\n' : n;
        ++i;
        continue;
      }
    }
    out += x[i];
  }
  return out;
}

} // namespace

metric_metadata& metadata_collector::entry(std::string_view metric) {
  auto it = by_metric_.find(metric);
  if (it == by_metric_.end()) {
    metric_metadata m;
    m.metric = std::string{metric};
    it = by_metric_.emplace(m.metric, std::move(m)).first;
  }
  return it->second;
}

bool metadata_collector::add_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  if (!line.starts_with('#'))
    return false;
  line.remove_prefix(1);
  auto keyword = token(line);
  if (keyword != "TYPE" && keyword != "HELP" && keyword != "UNIT")
    return false;
  auto metric = token(line);
  if (!valid_metric(metric))
    return false;
  // One blank separates the name from the rest; HELP keeps the rest whole.
  if (!line.empty())
    line.remove_prefix(1);
  if (keyword == "TYPE") {
    auto t = token(line);
    auto name = known_type(t);
    if (name == nullptr || !skip_blanks(line).empty())
      return false;
    entry(metric).type = name;
    return true;
  }
  if (keyword == "UNIT") {
    auto u = token(line);
    if (u.size() > max_unit_bytes || !utf8::valid(u) ||
        !skip_blanks(line).empty())
      return false;
    entry(metric).unit = std::string{u};
    return true;
  }
  auto help = unescape_help(line);
  if (help.size() > max_help_bytes || !utf8::valid(help))
    return false;
  entry(metric).help = std::move(help);
  return true;
}

bool metadata_collector::add(const rw_metadata& m) {
  if (!valid_metric(m.family))
    return false;
  auto& e = entry(m.family);
  e.type = rw_type_name(m.type);
  if (m.unit.size() <= max_unit_bytes && utf8::valid(m.unit))
    e.unit = m.unit;
  if (m.help.size() <= max_help_bytes && utf8::valid(m.help))
    e.help = m.help;
  return true;
}

std::vector<metric_metadata> metadata_collector::take() {
  std::vector<metric_metadata> out;
  out.reserve(by_metric_.size());
  for (auto& [name, m] : by_metric_)
    out.push_back(std::move(m));
  by_metric_.clear();
  return out;
}

} // namespace timeless::formats
