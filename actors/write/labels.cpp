// Label validation and the canonical label encoding.
//
// Encoding of a label set (the `labels` column of the series table). The
// labels are sorted by name, names strictly ascending. Each label is
//
//   varint(name length) name-bytes varint(value length) value-bytes
//
// and the labels follow each other without separator; the empty set is the
// empty string. varint is unsigned LEB128: 7 bits per byte, least
// significant group first, the high bit set on every byte but the last, and
// always the shortest form (no trailing 0x80-then-0x00 padding), at most 10
// bytes. Because every byte string is length-prefixed, any bytes may appear
// in names and values (',', '=', NUL, invalid UTF-8) and two distinct label
// sets never share an encoding: {a="1,b=2"} is 01 61 05 "1,b=2", while
// {a="1",b="2"} is 01 61 01 31 01 62 01 32. The original engine joined
// "k=v" pairs with "," without escaping, so these two collided.

#include "timeless/labels.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>

#include "codec/utf8.hpp"
#include "codec/varint.hpp"
#include "timeless/error.hpp"

namespace timeless {

namespace {

/// Longest prefix of a name or value quoted in an error message.
constexpr size_t max_quoted = 64;

/// Quotes `x` for an error message: at most `max_quoted` bytes, bytes
/// outside printable ASCII as \xNN.
std::string quote(std::string_view x) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "'";
  for (auto c : x.substr(0, max_quoted)) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '\\') {
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 0xf];
    } else {
      out += c;
    }
  }
  if (x.size() > max_quoted)
    out += "...";
  out += '\'';
  return out;
}

bool is_alpha_(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool valid_metric_name(std::string_view x) {
  if (x.empty() || !(is_alpha_(x[0]) || x[0] == ':'))
    return false;
  return std::all_of(x.begin(), x.end(), [](char c) {
    return is_alpha_(c) || is_digit(c) || c == ':';
  });
}

bool valid_label_name(std::string_view x) {
  if (x.empty() || !is_alpha_(x[0]))
    return false;
  return std::all_of(x.begin(), x.end(),
                     [](char c) { return is_alpha_(c) || is_digit(c); });
}

/// Appends `n` to `out` as `codec::put_varint` does (LEB128).
void append_varint(std::string& out, uint64_t n) {
  while (n >= 0x80) {
    out.push_back(static_cast<char>(0x80 | (n & 0x7f)));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
}

/// Reads a minimal varint from `in` into `n`, advancing `in`.
bool read_varint(std::string_view& in, uint64_t& n) {
  auto p = reinterpret_cast<const uint8_t*>(in.data());
  auto end = p + in.size();
  auto start = p;
  if (codec::get_varint(p, end, n) != codec::varint_status::ok)
    return false;
  in.remove_prefix(static_cast<size_t>(p - start));
  return true;
}

/// Reads a length-prefixed byte string from `in` into `out`.
bool read_bytes(std::string_view& in, std::string& out) {
  uint64_t len = 0;
  if (!read_varint(in, len) || len > in.size())
    return false;
  out.assign(in.substr(0, len));
  in.remove_prefix(len);
  return true;
}

} // namespace

caf::error canonicalize(std::string_view metric, label_set& labels,
                        const name_limits& limits) {
  if (metric.size() > limits.max_name_bytes)
    return make_error(errc::name_too_long,
                      "metric name " + quote(metric) + " has " +
                          std::to_string(metric.size()) + " bytes, at most " +
                          std::to_string(limits.max_name_bytes) +
                          " are allowed");
  if (!valid_metric_name(metric))
    return make_error(errc::invalid_metric_name,
                      "metric name " + quote(metric) +
                          " must match [a-zA-Z_:][a-zA-Z0-9_:]*");
  auto in_metric = [&] { return " in metric " + quote(metric); };
  for (auto& l : labels) {
    if (l.name.size() > limits.max_name_bytes)
      return make_error(errc::name_too_long,
                        "label name " + quote(l.name) + in_metric() + " has " +
                            std::to_string(l.name.size()) + " bytes, at most " +
                            std::to_string(limits.max_name_bytes) +
                            " are allowed");
    if (!valid_label_name(l.name))
      return make_error(errc::invalid_label,
                        "label name " + quote(l.name) + in_metric() +
                            " must match [a-zA-Z_][a-zA-Z0-9_]*");
    if (l.name.starts_with("__"))
      return make_error(errc::invalid_label,
                        "label name " + quote(l.name) + in_metric() +
                            " starts with '__', which is reserved");
    if (l.value.size() > limits.max_value_bytes)
      return make_error(
          errc::name_too_long,
          "value of label " + quote(l.name) + in_metric() + " has " +
              std::to_string(l.value.size()) + " bytes, at most " +
              std::to_string(limits.max_value_bytes) + " are allowed");
    if (auto bad = utf8::first_invalid(l.value); bad != l.value.size())
      return make_error(errc::invalid_label, "value of label " + quote(l.name) +
                                                 in_metric() +
                                                 " is not valid UTF-8 (byte " +
                                                 std::to_string(bad) + ")");
  }
  std::sort(labels.begin(), labels.end(),
            [](const label& x, const label& y) { return x.name < y.name; });
  auto dup = std::adjacent_find(
      labels.begin(), labels.end(),
      [](const label& x, const label& y) { return x.name == y.name; });
  if (dup != labels.end())
    return make_error(errc::invalid_label, "label name " + quote(dup->name) +
                                               in_metric() +
                                               " is given more than once");
  std::erase_if(labels, [](const label& l) { return l.value.empty(); });
  if (labels.size() > limits.max_labels)
    return make_error(errc::too_many_labels,
                      "metric " + quote(metric) + " has " +
                          std::to_string(labels.size()) +
                          " labels with non-empty values, at most " +
                          std::to_string(limits.max_labels) + " are allowed");
  return {};
}

std::string encode_labels(const label_set& sorted) {
  assert(std::adjacent_find(sorted.begin(), sorted.end(),
                            [](const label& x, const label& y) {
                              return x.name >= y.name;
                            }) == sorted.end());
  size_t size = 0;
  for (auto& l : sorted)
    size += l.name.size() + l.value.size() + 4;
  std::string out;
  out.reserve(size);
  for (auto& l : sorted) {
    append_varint(out, l.name.size());
    out += l.name;
    append_varint(out, l.value.size());
    out += l.value;
  }
  return out;
}

bool decode_labels(std::string_view bytes, label_set& out) {
  out.clear();
  while (!bytes.empty()) {
    auto& l = out.emplace_back();
    if (!read_bytes(bytes, l.name) || !read_bytes(bytes, l.value) ||
        (out.size() > 1 && out[out.size() - 2].name >= l.name)) {
      out.clear();
      return false;
    }
  }
  return true;
}

void append_quoted(std::string& out, std::string_view x) {
  out += '"';
  for (auto c : x) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  out += '"';
}

std::string format_series(std::string_view metric, const label_set& labels) {
  std::string out{metric};
  if (labels.empty())
    return out;
  out += '{';
  for (auto& l : labels) {
    if (out.back() != '{')
      out += ',';
    out += l.name;
    out += '=';
    append_quoted(out, l.value);
  }
  out += '}';
  return out;
}

} // namespace timeless
