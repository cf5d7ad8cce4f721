// vm_http_load: the ingest load client of scripts/vs-vm.sh's HTTP table,
// the same program for Timeless and VictoriaMetrics.
//
//   vm_http_load text --port P --file vs_vm.prom [--lines-per-post 144000]
//   vm_http_load rw   --port P [--days 30] [--devices 50] [--t0 S]
//                     [--samples-per-request 1000]
//   common: [--connections 1] [--pid PID] [--flush PATH] [--host 127.0.0.1]
//
// `text` posts the Prometheus text of FILE to /api/v1/import/prometheus in
// pieces of whole lines (144,000 lines: one day of the vs-vm data);
// `rw` posts the vs-vm data set (../shared/workloads/README.md, scrape
// order: timestamp, host, metric) to /api/v1/write as remote_write 1.0
// requests of `--samples-per-request` samples (snappy-compressed protobuf,
// formats/remote_write_encoder.hpp; each TimeSeries holds the samples of a
// run of one series, so 1 sample each in scrape order, as Prometheus'
// queue sends them). Every body is prepared before the clock starts.
//
// `--connections` kept-alive HTTP/1.1 connections (Boost.Beast, one thread
// each) take the next body from one shared queue. The clock runs from the
// first request to the last answer, plus `GET --flush` when given
// (VictoriaMetrics: /internal/force_flush, so that its rate counts to
// durable). Any answer other than 2xx stops the run with exit 1.
// `--pid` names the server process whose CPU time (utime + stime of
// /proc/PID/stat) is measured over the same interval.
//
// Prints one JSON object: mode, connections, points, requests, bytes (sent,
// compressed), seconds, points_per_second, cpu_seconds,
// cpu_seconds_per_million.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "apps/workload/vs_vm.hpp"
#include "formats/remote_write_encoder.hpp"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

struct options {
  std::string mode;
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  int connections = 1;
  int pid = 0;
  std::string flush;
  std::string file;
  size_t lines_per_post = 144000;
  int days = 30;
  int devices = 50;
  int64_t t0 = 1792872000;
  size_t samples_per_request = 1000;
};

/// The bodies to send and what they hold.
struct workload {
  std::string path;
  std::vector<std::pair<http::field, std::string>> headers;
  std::vector<std::string> bodies;
  uint64_t points = 0;
};

/// utime + stime of `pid` in seconds (0 without a pid).
double cpu_seconds(int pid) {
  if (pid <= 0)
    return 0;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  auto paren = text.rfind(')');
  if (paren == std::string::npos)
    return 0;
  std::istringstream fields(text.substr(paren + 1));
  std::string f;
  double ticks = 0;
  // Field 3 (state) is first after the name; utime and stime are 14, 15.
  for (int i = 3; i <= 15 && fields >> f; ++i)
    if (i >= 14)
      ticks += std::stod(f);
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

bool load_text(const options& o, workload& w) {
  std::ifstream in(o.file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "vm_http_load: cannot read %s\n", o.file.c_str());
    return false;
  }
  std::string data((std::istreambuf_iterator<char>(in)), {});
  w.path = "/api/v1/import/prometheus";
  w.headers = {{http::field::content_type, "text/plain"}};
  size_t start = 0;
  size_t lines = 0;
  for (size_t pos = 0; pos < data.size();) {
    auto nl = data.find('\n', pos);
    pos = nl == std::string::npos ? data.size() : nl + 1;
    ++lines;
    if (lines == o.lines_per_post || pos == data.size()) {
      w.bodies.push_back(data.substr(start, pos - start));
      w.points += lines;
      start = pos;
      lines = 0;
    }
  }
  return true;
}

void load_rw(const options& o, workload& w) {
  using timeless::sample;
  namespace wl = timeless::workload;
  w.path = "/api/v1/write";
  w.headers = {{http::field::content_type, "application/x-protobuf"},
               {http::field::content_encoding, "snappy"}};
  auto& metrics = wl::vs_vm_metrics();
  std::vector<std::string> hosts;
  for (int d = 0; d < o.devices; ++d)
    hosts.push_back("dev_" + std::to_string(d));
  std::vector<sample> batch;
  batch.reserve(o.samples_per_request);
  auto flush = [&] {
    if (batch.empty())
      return;
    w.bodies.push_back(timeless::formats::snappy_compress(
        timeless::formats::encode_write_request(batch)));
    w.points += batch.size();
    batch.clear();
  };
  int64_t per_day = wl::vs_vm_points_per_day;
  for (int64_t k = 0; k < o.days * per_day; ++k) {
    int64_t ts = o.t0 + k * wl::vs_vm_step;
    wl::vs_vm_for_each_point(ts, o.devices, [&](int m, int dev, double v) {
      batch.push_back(sample{metrics[m], {{"host", hosts[dev]}}, ts * 1000, v});
      if (batch.size() == o.samples_per_request)
        flush();
    });
  }
  flush();
}

/// One connection's loop: takes bodies from `next` until none is left.
void run_connection(const options& o, const workload& w,
                    std::atomic<size_t>& next, std::atomic<bool>& failed,
                    std::mutex& err_mutex, std::string& err) {
  try {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint{net::ip::make_address(o.host), o.port});
    beast::flat_buffer buf;
    for (;;) {
      auto i = next.fetch_add(1);
      if (i >= w.bodies.size() || failed)
        break;
      http::request<http::string_body> req{http::verb::post, w.path, 11};
      req.set(http::field::host, o.host);
      for (auto& [f, v] : w.headers)
        req.set(f, v);
      if (o.mode == "rw")
        req.set("X-Prometheus-Remote-Write-Version", "0.1.0");
      req.body() = w.bodies[i];
      req.prepare_payload();
      http::write(stream, req);
      http::response_parser<http::string_body> p;
      p.body_limit(1 << 24);
      http::read(stream, buf, p);
      auto status = p.get().result_int();
      if (status / 100 != 2) {
        std::lock_guard<std::mutex> guard{err_mutex};
        err = "POST " + w.path + ": HTTP " + std::to_string(status) + ": " +
              p.get().body().substr(0, 300);
        failed = true;
      }
    }
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  } catch (const std::exception& e) {
    std::lock_guard<std::mutex> guard{err_mutex};
    err = e.what();
    failed = true;
  }
}

bool get(const options& o, const std::string& path, std::string& err) {
  try {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint{net::ip::make_address(o.host), o.port});
    http::request<http::empty_body> req{http::verb::get, path, 11};
    req.set(http::field::host, o.host);
    http::write(stream, req);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(stream, buf, res);
    if (res.result_int() / 100 != 2) {
      err = "GET " + path + ": HTTP " + std::to_string(res.result_int());
      return false;
    }
    return true;
  } catch (const std::exception& e) {
    err = e.what();
    return false;
  }
}

} // namespace

int main(int argc, char** argv) {
  options o;
  CLI::App app{"HTTP ingest load client (scripts/vs-vm.sh)"};
  app.require_subcommand(1);
  auto common = [&o](CLI::App* sub) {
    sub->add_option("--host", o.host);
    sub->add_option("--port", o.port)->required();
    sub->add_option("--connections", o.connections)->check(CLI::Range(1, 64));
    sub->add_option("--pid", o.pid, "server process to measure");
    sub->add_option("--flush", o.flush, "GET this path after the load");
  };
  auto text = app.add_subcommand("text", "Prometheus text import");
  common(text);
  text->add_option("--file", o.file)->required();
  text->add_option("--lines-per-post", o.lines_per_post)
      ->check(CLI::PositiveNumber);
  auto rw = app.add_subcommand("rw", "remote_write replay");
  common(rw);
  rw->add_option("--days", o.days)->check(CLI::Range(1, 3650));
  rw->add_option("--devices", o.devices)->check(CLI::Range(1, 100000));
  rw->add_option("--t0", o.t0);
  rw->add_option("--samples-per-request", o.samples_per_request)
      ->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);
  o.mode = text->parsed() ? "text" : "rw";
  workload w;
  if (o.mode == "text") {
    if (!load_text(o, w))
      return 2;
  } else {
    load_rw(o, w);
  }
  uint64_t bytes = 0;
  for (auto& b : w.bodies)
    bytes += b.size();
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex err_mutex;
  std::string err;
  auto cpu0 = cpu_seconds(o.pid);
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < o.connections; ++i)
    threads.emplace_back(
        [&] { run_connection(o, w, next, failed, err_mutex, err); });
  for (auto& t : threads)
    t.join();
  if (!failed && !o.flush.empty() && !get(o, o.flush, err))
    failed = true;
  auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  auto cpu = cpu_seconds(o.pid) - cpu0;
  if (failed) {
    std::fprintf(stderr, "vm_http_load: %s\n", err.c_str());
    return 1;
  }
  auto pts = static_cast<double>(w.points);
  std::printf("{\"mode\":\"%s\",\"connections\":%d,\"points\":%llu,"
              "\"requests\":%zu,\"bytes\":%llu,\"seconds\":%.6f,"
              "\"points_per_second\":%.1f,\"cpu_seconds\":%.3f,"
              "\"cpu_seconds_per_million\":%.4f}\n",
              o.mode.c_str(), o.connections,
              static_cast<unsigned long long>(w.points), w.bodies.size(),
              static_cast<unsigned long long>(bytes), seconds, pts / seconds,
              cpu, pts > 0 ? cpu * 1e6 / pts : 0.0);
  return 0;
}
