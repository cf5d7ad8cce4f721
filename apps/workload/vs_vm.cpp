#include "apps/workload/vs_vm.hpp"

#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <numbers>
#include <utility>

#include <zlib.h>

namespace timeless::workload {

namespace {

constexpr int metric_count = 10;
constexpr double two32 = 4294967296.0;

constexpr std::array<const char*, metric_count> metric_names = {
    "cpu_usage",    "mem_usage",     "disk_usage",  "load_avg",
    "if_in_octets", "if_out_octets", "temperature", "signal_power",
    "ping_latency", "bandwidth_util"};

uint32_t crc(uint32_t seed, const char* p, size_t n) {
  return static_cast<uint32_t>(
      crc32(seed, reinterpret_cast<const Bytef*>(p), static_cast<uInt>(n)));
}

/// crc32(s, <metric name>) as a function of the running CRC `s`. CRC-32 is
/// affine over GF(2): crc32(s, M) = crc32(0, M) ^ L(s) with L linear, so L
/// splits into four byte tables, each filled by asking zlib itself. Four
/// lookups then replace hashing the name again for every point.
class metric_crc {
 public:
  explicit metric_crc(const char* name)
      : name_(name), size_(std::strlen(name)) {
    base_ = crc(0, name_, size_);
    for (int k = 0; k < 4; ++k)
      for (uint32_t b = 0; b < 256; ++b)
        table_[k][b] = crc(b << (8 * k), name_, size_) ^ base_;
  }
  uint32_t operator()(uint32_t s) const {
    return base_ ^ table_[0][s & 0xFF] ^ table_[1][(s >> 8) & 0xFF] ^
           table_[2][(s >> 16) & 0xFF] ^ table_[3][s >> 24];
  }
  const char* name() const { return name_; }
  size_t size() const { return size_; }

 private:
  const char* name_;
  size_t size_;
  uint32_t base_;
  uint32_t table_[4][256];
};

const std::array<metric_crc, metric_count>& metric_crcs() {
  static const auto crcs = [] {
    return [&]<size_t... I>(std::index_sequence<I...>) {
      return std::array<metric_crc, metric_count>{
          metric_crc(metric_names[I])...};
    }
    (std::make_index_sequence<metric_count>{});
  }();
  return crcs;
}

/// dh = crc32(str(dev)) / 2^32.
double device_hash(int dev) {
  char buf[16];
  auto end = std::to_chars(buf, buf + sizeof(buf), dev).ptr;
  return crc(0, buf, static_cast<size_t>(end - buf)) / two32;
}

/// dh of the first devices, computed once.
constexpr int cached_devices = 4096;

double cached_device_hash(int dev) {
  static const auto table = [] {
    std::vector<double> r(cached_devices);
    for (int d = 0; d < cached_devices; ++d)
      r[d] = device_hash(d);
    return r;
  }();
  if (dev >= 0 && dev < cached_devices)
    return table[dev];
  return device_hash(dev);
}

/// d = 0.5 + 0.5 * sin((hour - 4) / 24 * 2 * pi) for hour in [0, 24), with
/// the run-time libm sin that Python's math.sin calls too (the argument is
/// laundered through a volatile so the compiler cannot fold it with its own,
/// possibly differently rounded, sin).
const std::array<double, 24>& daily_table() {
  static const auto table = [] {
    std::array<double, 24> r{};
    for (int hour = 0; hour < 24; ++hour) {
      volatile double arg =
          static_cast<double>(hour - 4) / 24.0 * 2.0 * std::numbers::pi;
      r[hour] = 0.5 + 0.5 * std::sin(arg);
    }
    return r;
  }();
  return table;
}

/// Python's `(ts // 3600) % 24` (floor semantics, also for negative ts).
int hour_of(int64_t ts) {
  int64_t h = ts / 3600;
  if (ts % 3600 != 0 && ts < 0)
    --h;
  int64_t r = h % 24;
  if (r < 0)
    r += 24;
  return static_cast<int>(r);
}

/// VALUE_FN of gen_vs_vm.py, same operations in the same order.
double value_fn(int metric, double d, double n, double dh) {
  switch (metric) {
    case 0:
      return 25.0 + 45.0 * d + 15.0 * n + 10.0 * dh;
    case 1:
      return 45.0 + 30.0 * n + 15.0 * dh;
    case 2:
      return 35.0 + 30.0 * dh + 3.0 * n;
    case 3:
      return 0.3 + 3.0 * d + 1.5 * n + 0.5 * dh;
    case 4:
      return (300000.0 + 700000.0 * dh) * n * 1000.0;
    case 5:
      return (100000.0 + 300000.0 * dh) * n * 1000.0;
    case 6:
      return 28.0 + 12.0 * d + 3.0 * n + 5.0 * dh;
    case 7:
      return -35.0 + 15.0 * dh + 3.0 * n;
    case 8:
      return 5.0 + 40.0 * n + 10.0 * dh;
    case 9:
      return 10.0 + 60.0 * d + 15.0 * n + 10.0 * dh;
  }
  assert(false && "metric index out of range");
  return 0.0;
}

/// Appends `s` to `p`, returns the new end.
char* put(char* p, const char* s, size_t n) {
  std::memcpy(p, s, n);
  return p + n;
}

/// Output buffered in large chunks.
class sink {
 public:
  explicit sink(std::FILE* out) : out_(out) { buf_.reserve(chunk + 4096); }
  ~sink() { flush(); }
  void append(const char* p, size_t n) {
    buf_.append(p, n);
    if (buf_.size() >= chunk)
      flush();
  }
  void append(const std::string& s) { append(s.data(), s.size()); }
  void flush() {
    if (!buf_.empty())
      std::fwrite(buf_.data(), 1, buf_.size(), out_);
    buf_.clear();
  }

 private:
  static constexpr size_t chunk = size_t{1} << 20;
  std::FILE* out_;
  std::string buf_;
};

} // namespace

const std::vector<std::string>& vs_vm_metrics() {
  static const std::vector<std::string> names(metric_names.begin(),
                                              metric_names.end());
  return names;
}

double vs_vm_value(int64_t ts_seconds, int dev, int metric_index) {
  assert(metric_index >= 0 && metric_index < metric_count);
  char buf[64];
  char* p = std::to_chars(buf, buf + 24, ts_seconds).ptr;
  *p++ = ':';
  p = std::to_chars(p, p + 16, dev).ptr;
  *p++ = ':';
  const auto& name = metric_crcs()[metric_index];
  p = put(p, name.name(), name.size());
  double n = crc(0, buf, static_cast<size_t>(p - buf)) / two32;
  double d = daily_table()[hour_of(ts_seconds)];
  return python_round2(value_fn(metric_index, d, n, cached_device_hash(dev)));
}

void detail::vs_vm_visit(int64_t ts_seconds, int devices, vs_vm_visit_fn fn,
                         void* ctx) {
  const auto& crcs = metric_crcs();
  char buf[32];
  char* p = std::to_chars(buf, buf + 24, ts_seconds).ptr;
  *p++ = ':';
  uint32_t crc_ts = crc(0, buf, static_cast<size_t>(p - buf));
  double d = daily_table()[hour_of(ts_seconds)];
  for (int dev = 0; dev < devices; ++dev) {
    p = std::to_chars(buf, buf + 16, dev).ptr;
    *p++ = ':';
    uint32_t crc_dev = crc(crc_ts, buf, static_cast<size_t>(p - buf));
    double dh = cached_device_hash(dev);
    for (int m = 0; m < metric_count; ++m) {
      double n = crcs[m](crc_dev) / two32;
      fn(ctx, m, dev, python_round2(value_fn(m, d, n, dh)));
    }
  }
}

double python_round2(double x) {
  if (!std::isfinite(x))
    return x;
  double ax = std::fabs(x);
  if (ax >= 0x1p52) // already an integer
    return x;
  double y = x * 100.0;
  if (std::fabs(y) < 0x1p52) {
    // y is x * 100 rounded, off by at most |y| * 2^-53. Unless the exact
    // product may lie on the other side of a half, its nearest integer is
    // the exact one, and r / 100 (one correctly rounded division of exact
    // operands) is the double nearest to the decimal result.
    double f = std::floor(y);
    double frac = y - f; // exact below 2^52
    double margin = std::fabs(y) * 0x1p-50 + 0x1p-1000;
    if (std::fabs(frac - 0.5) > margin) {
      double r = frac < 0.5 ? f : f + 1.0;
      return std::copysign(r / 100.0, x);
    }
  }
  // Near a tie: let glibc's exact decimal conversion decide (half-even on
  // the exact binary value, like Python's dtoa), then read it back.
  char buf[400];
  std::snprintf(buf, sizeof(buf), "%.2f", x);
  return std::strtod(buf, nullptr);
}

char* python_float_repr(double x, char* buf) {
  if (std::isnan(x))
    return put(buf, "nan", 3);
  if (std::isinf(x))
    return x > 0 ? put(buf, "inf", 3) : put(buf, "-inf", 4);
  // Shortest round-trip digits, closest to x on ties, like Python's dtoa.
  char sci[40];
  char* end =
      std::to_chars(sci, sci + sizeof(sci), x, std::chars_format::scientific)
          .ptr;
  const char* s = sci;
  char* p = buf;
  if (*s == '-')
    *p++ = *s++;
  char digits[24];
  int ndigits = 0;
  while (*s != 'e') {
    if (*s != '.')
      digits[ndigits++] = *s;
    ++s;
  }
  int exp = 0;
  std::from_chars(s + 1 + (s[1] == '+'), end, exp);
  int decpt = exp + 1; // x = 0.<digits> * 10^decpt
  if (decpt <= -4 || decpt > 16) {
    *p++ = digits[0];
    if (ndigits > 1) {
      *p++ = '.';
      p = put(p, digits + 1, static_cast<size_t>(ndigits - 1));
    }
    *p++ = 'e';
    *p++ = exp < 0 ? '-' : '+';
    int a = exp < 0 ? -exp : exp;
    if (a < 10)
      *p++ = '0';
    return std::to_chars(p, p + 4, a).ptr;
  }
  if (decpt <= 0) {
    p = put(p, "0.", 2);
    for (int i = decpt; i < 0; ++i)
      *p++ = '0';
    return put(p, digits, static_cast<size_t>(ndigits));
  }
  if (decpt < ndigits) {
    p = put(p, digits, static_cast<size_t>(decpt));
    *p++ = '.';
    return put(p, digits + decpt, static_cast<size_t>(ndigits - decpt));
  }
  p = put(p, digits, static_cast<size_t>(ndigits));
  for (int i = ndigits; i < decpt; ++i)
    *p++ = '0';
  return put(p, ".0", 2);
}

void write_vs_vm_prometheus(const vs_vm_options& opts, std::FILE* out) {
  // Everything of a line before the value: `<prefix><metric>{host="dev_<d>"} `
  std::vector<std::string> heads;
  heads.reserve(static_cast<size_t>(opts.devices) * metric_count);
  for (int dev = 0; dev < opts.devices; ++dev)
    for (int m = 0; m < metric_count; ++m)
      heads.push_back(opts.prefix + metric_names[m] + "{host=\"dev_" +
                      std::to_string(dev) + "\"} ");
  sink s(out);
  for (int day = 0; day < opts.days; ++day) {
    for (int k = 0; k < vs_vm_points_per_day; ++k) {
      int64_t ts = opts.t0 + int64_t{day} * 86400 + k * vs_vm_step;
      char tail[32];
      tail[0] = ' ';
      char* tail_end = std::to_chars(tail + 1, tail + 31, ts * 1000).ptr;
      *tail_end++ = '\n';
      size_t tail_size = static_cast<size_t>(tail_end - tail);
      vs_vm_for_each_point(ts, opts.devices, [&](int m, int dev, double v) {
        s.append(heads[static_cast<size_t>(dev) * metric_count + m]);
        char val[32];
        char* val_end = python_float_repr(v, val);
        s.append(val, static_cast<size_t>(val_end - val));
        s.append(tail, tail_size);
      });
    }
  }
}

void write_vs_vm_jsonl(const vs_vm_options& opts, std::FILE* out) {
  const size_t per_ts = static_cast<size_t>(opts.devices) * metric_count;
  std::vector<double> values(per_ts * vs_vm_points_per_day);
  sink s(out);
  for (int day = 0; day < opts.days; ++day) {
    int64_t day_t0 = opts.t0 + int64_t{day} * 86400;
    std::string stamps;
    for (int k = 0; k < vs_vm_points_per_day; ++k) {
      if (k > 0)
        stamps += ',';
      stamps += std::to_string((day_t0 + k * vs_vm_step) * 1000);
    }
    for (int k = 0; k < vs_vm_points_per_day; ++k) {
      double* row = values.data() + static_cast<size_t>(k) * per_ts;
      vs_vm_for_each_point(day_t0 + k * vs_vm_step, opts.devices,
                           [row](int m, int dev, double v) {
                             row[static_cast<size_t>(dev) * metric_count + m] =
                                 v;
                           });
    }
    std::string line;
    for (int dev = 0; dev < opts.devices; ++dev) {
      for (int m = 0; m < metric_count; ++m) {
        line = "{\"metric\":{\"__name__\":\"";
        line += opts.prefix;
        line += metric_names[m];
        line += "\",\"host\":\"dev_";
        line += std::to_string(dev);
        line += "\"},\"values\":[";
        size_t series = static_cast<size_t>(dev) * metric_count + m;
        for (int k = 0; k < vs_vm_points_per_day; ++k) {
          if (k > 0)
            line += ',';
          char val[32];
          char* val_end = python_float_repr(
              values[static_cast<size_t>(k) * per_ts + series], val);
          line.append(val, val_end);
        }
        line += "],\"timestamps\":[";
        line += stamps;
        line += "]}\n";
        s.append(line);
      }
    }
  }
}

} // namespace timeless::workload
