#include "formats/json_writer.hpp"

#include <charconv>
#include <cmath>

#include "codec/utf8.hpp"
#include "formats/float_text.hpp"

namespace timeless::formats {

void append_json_string(std::string& out, std::string_view x) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < x.size(); ++i) {
    auto c = x[i];
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      // Valid sequences are copied; each byte that starts none becomes
      // U+FFFD, so the output is valid JSON whatever the store holds.
      if (auto n = utf8::sequence_length(x.substr(i)); n > 0) {
        out.append(x.data() + i, n);
        i += n - 1;
      } else {
        out += "\xEF\xBF\xBD";
      }
      continue;
    }
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
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += hex[u >> 4];
          out += hex[u & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_json_value(std::string& out, double x) {
  if (std::isnan(x))
    out += "null";
  else if (std::isinf(x))
    out += x > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  else
    append_float(out, x);
}

void append_json_metric(std::string& out, std::string_view metric,
                        const label_set& labels) {
  out += "{\"__name__\":";
  append_json_string(out, metric);
  for (auto& l : labels) {
    out += ',';
    append_json_string(out, l.name);
    out += ':';
    append_json_string(out, l.value);
  }
  out += '}';
}

void append_json_line(std::string& out, std::string_view metric,
                      const label_set& labels, std::span<const int64_t> ts,
                      std::span<const double> values) {
  out += "{\"metric\":";
  append_json_metric(out, metric, labels);
  out += ",\"values\":[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0)
      out += ',';
    append_json_value(out, values[i]);
  }
  out += "],\"timestamps\":[";
  char buf[24];
  for (size_t i = 0; i < ts.size(); ++i) {
    if (i > 0)
      out += ',';
    auto res = std::to_chars(buf, buf + sizeof(buf), ts[i]);
    out.append(buf, res.ptr);
  }
  out += "]}\n";
}

} // namespace timeless::formats
