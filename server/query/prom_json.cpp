#include "server/query/prom_json.hpp"

#include <charconv>
#include <cmath>

#include "formats/json_writer.hpp"

namespace timeless::server {

namespace {

void append_labels(std::string& out, const promql::labels& ls) {
  out += '{';
  bool first = true;
  for (auto& l : ls) {
    if (!first)
      out += ',';
    first = false;
    formats::append_json_string(out, l.name);
    out += ':';
    formats::append_json_string(out, l.value);
  }
  out += '}';
}

/// `[<time>,"<value>"]`
void append_pair(std::string& out, int64_t t, double v) {
  out += '[';
  append_prom_time(out, t);
  out += ",\"";
  append_prom_float(out, v);
  out += "\"]";
}

void append_vector(std::string& out, const promql::vector& vec,
                   int64_t eval_ms) {
  bool first = true;
  for (auto& s : vec) {
    if (!first)
      out += ',';
    first = false;
    out += "{\"metric\":";
    append_labels(out, s.lbls);
    out += ",\"value\":";
    append_pair(out, eval_ms, s.v);
    out += '}';
  }
}

void append_matrix(std::string& out, const promql::matrix& mat) {
  bool first = true;
  for (auto& s : mat) {
    if (!first)
      out += ',';
    first = false;
    out += "{\"metric\":";
    append_labels(out, s.lbls);
    out += ",\"values\":[";
    for (size_t i = 0; i < s.points.size(); ++i) {
      if (i != 0)
        out += ',';
      append_pair(out, s.points[i].t, s.points[i].v);
    }
    out += "]}";
  }
}

} // namespace

void append_prom_float(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
    return;
  }
  // Fixed notation with the shortest round-trip digits: at most 309
  // integer digits (DBL_MAX) or 1074 fraction digits (the smallest
  // subnormal), plus sign and point.
  char buf[1100];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed);
  out.append(buf, res.ptr);
}

void append_prom_time(std::string& out, int64_t ms) {
  // Unsigned, so INT64_MIN's magnitude is representable.
  uint64_t mag = static_cast<uint64_t>(ms);
  if (ms < 0) {
    out += '-';
    mag = ~mag + 1;
  }
  out += std::to_string(mag / 1000);
  auto frac = mag % 1000;
  if (frac != 0) {
    out += '.';
    if (frac < 100)
      out += '0';
    if (frac < 10)
      out += '0';
    out += std::to_string(frac);
  }
}

std::string render_prom_data(const promql::value& v, int64_t eval_ms) {
  std::string out = "{\"resultType\":\"";
  switch (v.type) {
    case promql::value_type::scalar:
      out += "scalar\",\"result\":";
      append_pair(out, eval_ms, v.scalar);
      break;
    case promql::value_type::string:
      out += "string\",\"result\":[";
      append_prom_time(out, eval_ms);
      out += ',';
      formats::append_json_string(out, v.str);
      out += ']';
      break;
    case promql::value_type::vector:
      out += "vector\",\"result\":[";
      append_vector(out, v.vec, eval_ms);
      out += ']';
      break;
    case promql::value_type::matrix:
      out += "matrix\",\"result\":[";
      append_matrix(out, v.mat);
      out += ']';
      break;
  }
  out += '}';
  return out;
}

} // namespace timeless::server
