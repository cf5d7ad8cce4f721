#include "server/query/prom_json.hpp"

#include <charconv>
#include <cmath>

#include "formats/json_writer.hpp"
#include "promql/go_float.hpp"

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

/// The time of a scalar or string result: Prometheus marshals these with
/// encoding/json, the time as the float64 `ms / 1000` in shortest digits
/// ("1.5"; never an exponent for a time in whole milliseconds).
void append_json_seconds(std::string& out, int64_t ms) {
  promql::append_go_fixed(out, static_cast<double>(ms) / 1000);
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
  // Prometheus' jsonutil.MarshalValue: Go's 'e' format below 1e-6 and from
  // 1e21 on (zero excepted), 'f' otherwise; both with the shortest
  // round-trip digits. std::to_chars' scientific form is Go's: at least
  // two exponent digits, with their sign ("1.5e-07", "1e+21").
  double mag = std::fabs(v);
  // NaN and the infinities too: append_go_fixed writes them as Go does.
  if (!std::isfinite(v) || mag == 0 || (mag >= 1e-6 && mag < 1e21)) {
    promql::append_go_fixed(out, v); // 2^64: "18446744073709552000"
    return;
  }
  char buf[32]; // "-1.7976931348623157e+308" at most
  auto res =
      std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
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
      out += "scalar\",\"result\":[";
      append_json_seconds(out, eval_ms);
      out += ",\"";
      promql::append_go_fixed(out, v.scalar);
      out += "\"]";
      break;
    case promql::value_type::string:
      out += "string\",\"result\":[";
      append_json_seconds(out, eval_ms);
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
