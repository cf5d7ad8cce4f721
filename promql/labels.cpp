#include "promql/labels.hpp"

#include <algorithm>
#include <bit>
#include <cstdio>

namespace timeless::promql {

namespace {

auto find(labels& ls, std::string_view name) {
  return std::lower_bound(
      ls.begin(), ls.end(), name,
      [](const label& l, std::string_view n) { return l.name < n; });
}

} // namespace

std::string_view get_label(const labels& ls, std::string_view name) {
  auto i = std::lower_bound(
      ls.begin(), ls.end(), name,
      [](const label& l, std::string_view n) { return l.name < n; });
  if (i != ls.end() && i->name == name)
    return i->value;
  return {};
}

void set_label(labels& ls, std::string_view name, std::string_view value) {
  if (value.empty()) {
    erase_label(ls, name);
    return;
  }
  auto i = find(ls, name);
  if (i != ls.end() && i->name == name)
    i->value = std::string{value};
  else
    ls.insert(i, label{std::string{name}, std::string{value}});
}

void erase_label(labels& ls, std::string_view name) {
  auto i = find(ls, name);
  if (i != ls.end() && i->name == name)
    ls.erase(i);
}

void normalize(labels& ls) {
  std::stable_sort(ls.begin(), ls.end(), [](const label& a, const label& b) {
    return a.name < b.name;
  });
  labels out;
  for (auto& l : ls) {
    if (!out.empty() && out.back().name == l.name)
      out.back().value = std::move(l.value);
    else
      out.push_back(std::move(l));
  }
  std::erase_if(out, [](const label& l) { return l.value.empty(); });
  ls = std::move(out);
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string to_string(const labels& ls) {
  std::string out{get_label(ls, metric_name_label)};
  out += '{';
  bool first = true;
  for (auto& l : ls) {
    if (l.name == metric_name_label)
      continue;
    if (!first)
      out += ", ";
    first = false;
    out += l.name;
    out += '=';
    out += quote(l.value);
  }
  return out + '}';
}

bool is_label_name(std::string_view s) {
  if (s.empty())
    return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok)
      return false;
  }
  return true;
}

bool is_metric_name(std::string_view s) {
  if (s.empty())
    return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              c == ':' || (i > 0 && c >= '0' && c <= '9');
    if (!ok)
      return false;
  }
  return true;
}

double stale_nan() {
  return std::bit_cast<double>(uint64_t{0x7ff0000000000002});
}

bool is_stale(double v) {
  return std::bit_cast<uint64_t>(v) == uint64_t{0x7ff0000000000002};
}

} // namespace timeless::promql
