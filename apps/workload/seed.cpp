#include "apps/workload/seed.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>

namespace timeless::workload {

namespace {

constexpr int kind_count = 20;

struct label {
  const char* name;
  const char* value;
};

/// A metric kind: its name, shape and own labels (at most two).
struct kind_info {
  const char* name;
  value_shape shape;
  std::array<label, 2> labels;
};

constexpr std::array<kind_info, kind_count> kinds = {{
    {"cpu_usage_percent", value_shape::gauge, {}},
    {"memory_used_bytes", value_shape::gauge, {}},
    {"memory_total_bytes", value_shape::constant, {}},
    {"disk_total_bytes",
     value_shape::constant,
     {{{"device", "sda"}, {"mountpoint", "/"}}}},
    {"disk_used_bytes",
     value_shape::gauge,
     {{{"device", "sda"}, {"mountpoint", "/"}}}},
    {"temperature_celsius", value_shape::gauge, {{{"sensor", "cpu"}}}},
    {"fan_speed_rpm", value_shape::integer, {{{"fan", "0"}}}},
    {"load_average_1m", value_shape::gauge, {}},
    {"network_receive_bytes_total",
     value_shape::counter,
     {{{"interface", "eth0"}}}},
    {"network_transmit_bytes_total",
     value_shape::counter,
     {{{"interface", "eth0"}}}},
    {"http_requests_total",
     value_shape::counter,
     {{{"code", "200"}, {"method", "GET"}}}},
    {"http_request_errors_total",
     value_shape::counter,
     {{{"code", "500"}, {"method", "GET"}}}},
    {"process_count", value_shape::integer, {}},
    {"open_file_descriptors", value_shape::integer, {}},
    {"up", value_shape::constant, {{{"job", "node"}}}},
    {"uptime_seconds", value_shape::counter, {}},
    {"wifi_signal_dbm", value_shape::integer, {{{"interface", "wlan0"}}}},
    {"ping_latency_ms", value_shape::gauge, {{{"target", "gateway"}}}},
    {"supply_voltage_volts", value_shape::constant, {}},
    {"disk_io_time_seconds_total", value_shape::counter, {{{"device", "sda"}}}},
}};

constexpr std::array<const char*, 5> regions = {
    "ap-south", "eu-central", "eu-west", "us-east", "us-west"};

/// Probability that a device reboots in a given cycle.
constexpr double reboot_probability = 1.0 / 20000;

constexpr double gib = 1024.0 * 1024.0 * 1024.0;

/// splitmix64's finaliser: a bijective 64-bit mix.
uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/// splitmix64: the next 64 random bits of the stream `state`.
uint64_t next(uint64_t& state) {
  state += 0x9e3779b97f4a7c15ull;
  return mix(state);
}

/// Uniform in [0, 1), 53 bits.
double uniform(uint64_t& state) {
  return static_cast<double>(next(state) >> 11) * 0x1p-53;
}

/// Approximately standard normal (Irwin-Hall of 4, scaled to variance 1),
/// bounded by +-3.47.
double normal(uint64_t& state) {
  double sum =
      uniform(state) + uniform(state) + uniform(state) + uniform(state);
  return (sum - 2.0) * 1.7320508075688772;
}

/// The stream of one series, or of a device for metric = -1.
uint64_t stream(uint64_t seed, int dev, int metric) {
  uint64_t h = mix(seed + 0x9e3779b97f4a7c15ull * (uint64_t(dev) + 1));
  return mix(h ^ (0xd1b54a32d192ed03ull * uint64_t(int64_t{metric} + 2)));
}

/// `x` rounded to a multiple of 1 / `per_unit` (per_unit 10: 0.1 steps).
double quantize(double x, double per_unit) {
  return std::floor(x * per_unit + 0.5) / per_unit;
}

/// `x` rounded down to a multiple of `unit`.
double floor_to(double x, double unit) {
  return std::floor(x / unit) * unit;
}

/// The daily rhythm in [0, 1]: 1 at 14:00 UTC, 0 at 02:00, smooth between.
double daily_rhythm(int64_t ts_ms) {
  int64_t day_ms = 86400000;
  int64_t ms = ((ts_ms % day_ms) + day_ms) % day_ms;
  double p = static_cast<double>(ms) / static_cast<double>(day_ms);
  double q = p - 14.0 / 24.0;
  if (q < 0)
    q += 1.0;
  double t = std::fabs(2.0 * q - 1.0); // 1 at the peak, 0 twelve hours away
  return t * t * (3.0 - 2.0 * t);
}

} // namespace

seed_workload::seed_workload(seed_options opts) : opts_(opts) {
  assert(opts_.devices >= 0 && opts_.metrics >= 0 && opts_.interval_ms > 0);
  names_.reserve(static_cast<size_t>(opts_.metrics));
  for (int m = 0; m < opts_.metrics; ++m) {
    std::string name = kinds[m % kind_count].name;
    if (m >= kind_count) {
      name.push_back('_');
      name.append(std::to_string(m / kind_count));
    }
    names_.push_back(std::move(name));
  }
  reset();
}

value_shape seed_workload::shape(int metric) const {
  assert(metric >= 0 && metric < opts_.metrics);
  return kinds[metric % kind_count].shape;
}

void seed_workload::labels(
    int dev, int metric,
    std::vector<std::pair<std::string, std::string>>& out) const {
  assert(dev >= 0 && dev < opts_.devices);
  assert(metric >= 0 && metric < opts_.metrics);
  out.clear();
  out.emplace_back("host", "dev-" + std::to_string(dev));
  out.emplace_back("region", regions[devices_[dev].region]);
  for (const auto& l : kinds[metric % kind_count].labels)
    if (l.name != nullptr)
      out.emplace_back(l.name, l.value);
  std::sort(out.begin(), out.end());
}

void seed_workload::cycle_values(uint64_t cycle, std::vector<double>& out) {
  if (cycle < next_cycle_ && cycle + 1 != next_cycle_)
    reset();
  while (next_cycle_ <= cycle)
    step();
  out.resize(series_.size());
  for (size_t i = 0; i < series_.size(); ++i)
    out[i] = series_[i].value;
}

// The state before cycle 0: each device's hardware, each series' baseline
// and the counters' totals so far (they have been running for a while).
void seed_workload::reset() {
  next_cycle_ = 0;
  devices_.assign(static_cast<size_t>(opts_.devices), device_state{});
  series_.assign(static_cast<size_t>(opts_.devices) * opts_.metrics,
                 series_state{});
  for (int d = 0; d < opts_.devices; ++d) {
    auto& dev = devices_[d];
    dev.rng = stream(opts_.seed, d, -1);
    dev.size = static_cast<double>(1 << (next(dev.rng) % 4));
    dev.load = 0.1 + 0.6 * uniform(dev.rng);
    dev.region = static_cast<int>(next(dev.rng) % regions.size());
    for (int m = 0; m < opts_.metrics; ++m) {
      auto& s = series_[static_cast<size_t>(d) * opts_.metrics + m];
      s.rng = stream(opts_.seed, d, m);
      double u = uniform(s.rng);
      double total_memory = dev.size * 8 * gib;
      double disk = dev.size * 256e9;
      switch (m % kind_count) {
        case 1:
          s.value = floor_to(total_memory * (0.25 + 0.5 * dev.load), 4096);
          break;
        case 2:
          s.value = total_memory;
          break;
        case 3:
          s.value = disk;
          break;
        case 4:
          s.value = floor_to(disk * (0.2 + 0.5 * u), 4096);
          break;
        case 7: // unrounded load
          s.aux = 2 * dev.size * dev.load;
          break;
        case 8:
        case 9: // bytes per second
          s.aux = 1e5 * dev.size * (1 + 9 * uniform(s.rng));
          if (m % kind_count == 9)
            s.aux *= 0.3;
          s.value = std::floor(s.aux * 86400 * 30 * u);
          break;
        case 10: // requests per second
          s.aux = 5 + 200 * dev.load * dev.size * uniform(s.rng);
          s.value = std::floor(s.aux * 86400 * 30 * u);
          break;
        case 11:
          s.value = std::floor(5000 * u);
          break;
        case 12:
          s.aux = std::floor(80 + 40 * dev.size + 50 * uniform(s.rng));
          s.value = s.aux;
          break;
        case 13:
          s.aux = 500 + 2000 * dev.load * dev.size;
          s.value = std::floor(s.aux);
          break;
        case 15:
          s.value = std::floor(86400 * 90 * u);
          break;
        case 16:
          s.aux = std::floor(-80 + 35 * u);
          s.value = s.aux;
          break;
        case 17:
          s.aux = 0.5 + 19.5 * u * u;
          break;
        case 18:
          s.aux = quantize(11.9 + 0.2 * u, 100);
          s.value = s.aux;
          break;
        case 19: // milliseconds so far
          s.aux = std::floor(1e9 * dev.load * u);
          s.value = s.aux / 1000;
          break;
        default:
          break;
      }
    }
  }
}

void seed_workload::step() {
  double daily = daily_rhythm(timestamp_ms(next_cycle_));
  for (int d = 0; d < opts_.devices; ++d) {
    auto& dev = devices_[d];
    dev.rebooted = uniform(dev.rng) < reboot_probability;
    auto* row = series_.data() + static_cast<size_t>(d) * opts_.metrics;
    for (int m = 0; m < opts_.metrics; ++m)
      row[m].value = next_value(m % kind_count, dev, row[m], daily);
  }
  ++next_cycle_;
}

double seed_workload::next_value(int kind, const device_state& dev,
                                 series_state& s, double daily) {
  const double dt = static_cast<double>(opts_.interval_ms) / 1000;
  const double size = dev.size;
  const double load = dev.load;
  auto& r = s.rng;
  // A counter's new total: reset to just the increment after a reboot.
  auto count = [&](double increment) {
    return dev.rebooted ? increment : s.value + increment;
  };
  switch (kind) {
    case 0: { // cpu %: daily rhythm plus autocorrelated noise, 0.1 steps
      s.aux = 0.9 * s.aux + 3 * normal(r);
      double v = 5 + 80 * load * (0.35 + 0.65 * daily) + s.aux;
      return quantize(std::clamp(v, 0.0, 100.0), 10);
    }
    case 1: { // memory used: mean-reverting walk in pages
      double total = size * 8 * gib;
      double target = total * (0.25 + 0.5 * load);
      double v = dev.rebooted ? total * 0.15
                              : s.value + 0.02 * (target - s.value) +
                                    total * 0.002 * normal(r);
      return floor_to(std::clamp(v, total * 0.05, total * 0.95), 4096);
    }
    case 2: // memory total
      return s.value;
    case 3: // disk total: doubles on a very rare upgrade
      return uniform(r) < 1e-5 ? s.value * 2 : s.value;
    case 4: { // disk used: slow growth, occasional cleanup
      double cap = size * 256e9;
      double v = s.value + cap * 2e-8 * dt * (0.5 + uniform(r));
      if (uniform(r) < 2e-5)
        v *= 0.7;
      return floor_to(std::min(v, cap * 0.99), 4096);
    }
    case 5: { // temperature: slow drift plus sensor noise, 0.1 steps
      s.aux = 0.995 * s.aux + 0.1 * normal(r);
      return quantize(32 + 20 * load + 8 * daily + s.aux + 0.2 * normal(r), 10);
    }
    case 6: // fan speed, rpm
      return std::floor(1500 + 1500 * load * (0.5 + daily) + 40 * normal(r) +
                        0.5);
    case 7: { // load average: smoothed towards the demand, 0.01 steps
      double cores = 2 * size;
      double target = cores * load * (0.3 + 0.9 * daily);
      double v =
          s.aux + 0.3 * (target - s.aux) + 0.05 * cores * load * normal(r);
      s.aux = std::max(v, 0.0);
      return quantize(s.aux, 100);
    }
    case 8:
    case 9: // network octets
      return count(
          std::floor(s.aux * dt * (0.3 + daily) * (0.7 + 0.6 * uniform(r))));
    case 10: // requests
      return count(std::floor(
          s.aux * dt * (0.2 + daily) * (0.8 + 0.4 * uniform(r)) + 0.5));
    case 11: // errors: mostly none, sometimes a burst
      return count(uniform(r) < 0.08 ? 1 + std::floor(5 * uniform(r)) : 0);
    case 12: { // processes
      double v = dev.rebooted ? s.aux - 20
                              : std::floor(s.value + 0.1 * (s.aux - s.value) +
                                           1.5 * normal(r) + 0.5);
      return std::max(v, 1.0);
    }
    case 13: { // open file descriptors
      double target = s.aux * (0.6 + 0.4 * daily);
      double v = dev.rebooted ? std::floor(s.aux * 0.3)
                              : std::floor(s.value + 0.05 * (target - s.value) +
                                           20 * normal(r) + 0.5);
      return std::max(v, 3.0);
    }
    case 14: // up
      return dev.rebooted ? 0.0 : 1.0;
    case 15: // uptime, seconds
      return dev.rebooted ? std::floor(dt * uniform(r)) : s.value + dt;
    case 16: // wifi signal, dBm
      return std::clamp(std::floor(s.aux + 2.5 * normal(r) + 0.5), -95.0,
                        -20.0);
    case 17: { // ping latency: noise, evening load, rare spikes; us steps
      double v = s.aux * (1 + 0.08 * normal(r)) + s.aux * 0.5 * daily;
      if (uniform(r) < 0.01)
        v += 50 + 150 * uniform(r);
      return quantize(std::max(v, 0.05), 1000);
    }
    case 18: { // supply voltage: nominal, now and then 0.01-0.02 V off
      double u = uniform(r);
      if (u < 0.03)
        return quantize(s.aux + (u < 0.015 ? -0.01 : 0.01) * (1 + (u < 0.005)),
                        100);
      return u < 0.2 ? s.aux : s.value;
    }
    case 19: { // disk I/O time: whole milliseconds, reported in seconds
      double ms =
          std::floor(dt * 1000 * load * uniform(r) * (0.5 + daily) / 1.5);
      s.aux = dev.rebooted ? ms : s.aux + ms;
      return s.aux / 1000;
    }
  }
  assert(false && "unknown kind");
  return 0.0;
}

} // namespace timeless::workload
