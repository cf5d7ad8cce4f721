#include "apps/import.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <future>
#include <limits>
#include <sstream>

#include "apps/import_batch.hpp"
#include "apps/progress.hpp"
#include "apps/store_flags.hpp"
#include "formats/error_text.hpp"
#include "formats/jsonl_parser.hpp"
#include "formats/prometheus_parser.hpp"
#include "timeless/blocking_store.hpp"
#include "timeless/error.hpp"

namespace timeless::apps {

using formats::error_text;
using formats::jsonl_parser;
using formats::line_result;
using formats::line_status;
using formats::parse_prometheus_line;

namespace {

int64_t system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
      .count();
}

/// An open input file; closes it unless it is stdin.
struct input {
  std::string name;
  FILE* f = nullptr;
  uint64_t size = 0;

  input() = default;
  input(const input&) = delete;
  input& operator=(const input&) = delete;
  ~input() {
    if (f != nullptr && f != stdin)
      std::fclose(f);
  }
};

/// Opens `path` ("-": stdin); on failure returns the reason.
std::string open_input(const std::string& path, input& in) {
  in.name = path == "-" ? "<stdin>" : path;
  if (path == "-") {
    in.f = stdin;
    return {};
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return "is a directory";
  in.f = std::fopen(path.c_str(), "rb");
  if (in.f == nullptr)
    return std::strerror(errno);
  auto size = std::filesystem::file_size(path, ec);
  in.size = ec ? 0 : size;
  return {};
}

/// Parses lines of one format into a batch.
class line_parser {
 public:
  explicit line_parser(bool jsonl) : jsonl_(jsonl) {}

  line_result parse(std::string_view line, import_batch& batch) {
    if (!jsonl_) {
      auto r = parse_prometheus_line(line, batch.next_sample());
      if (r.status != line_status::ok)
        batch.drop_sample();
      return r;
    }
    auto r = jsonl_parser_.parse(line);
    if (r.status != line_status::ok)
      return r;
    auto& values = jsonl_parser_.values();
    auto& ts = jsonl_parser_.timestamps();
    for (size_t i = 0; i < values.size(); ++i) {
      auto& s = batch.next_sample();
      s.metric = jsonl_parser_.metric();
      s.labels = jsonl_parser_.labels();
      s.ts = ts[i];
      s.value = values[i];
    }
    return r;
  }

 private:
  bool jsonl_;
  jsonl_parser jsonl_parser_;
};

/// Writes batches on a second thread while the main thread parses the
/// next one: parsing and the store's ingest overlap. At most one batch is
/// in flight, so memory stays at two batches.
class batch_writer {
 public:
  batch_writer(blocking_store& store, batch_totals& totals, std::ostream& err)
      : store_(store), totals_(totals), err_(err) {
    // nop
  }

  batch_writer(const batch_writer&) = delete;
  batch_writer& operator=(const batch_writer&) = delete;

  ~batch_writer() { wait(); }

  /// Waits for the batch in flight; if it failed, returns its error and
  /// leaves `b` alone, else starts writing `b` (which must outlive the
  /// next `wait`).
  caf::error submit(import_batch& b) {
    if (auto err = wait())
      return err;
    pending_ = std::async(std::launch::async, [this, &b] {
      return b.flush(store_, totals_, err_);
    });
    return {};
  }

  /// Waits for the batch in flight and returns its error.
  caf::error wait() {
    if (!pending_.valid())
      return {};
    return pending_.get();
  }

 private:
  blocking_store& store_;
  batch_totals& totals_;
  std::ostream& err_;
  std::future<caf::error> pending_;
};

/// Rejected lines held before a batch is flushed anyway.
constexpr size_t max_pending_rejects = 1000;

/// Imports one open file; returns false if the store failed.
bool import_file(const import_config& cfg, input& in, blocking_store& store,
                 int64_t old_before, import_report& report,
                 batch_totals& totals, std::ostream& err) {
  line_parser parser{cfg.format == "jsonl"};
  import_batch batches[2] = {{in.name, old_before}, {in.name, old_before}};
  int cur = 0;
  batch_writer writer{store, totals, err};
  progress_meter meter{"import " + in.name, in.size,
                       cfg.progress && in.size >= cfg.progress_min_bytes};
  char* buf = nullptr;
  size_t cap = 0;
  uint64_t line_no = 0;
  uint64_t bytes = 0;
  caf::error failure;
  for (;;) {
    auto n = ::getline(&buf, &cap, in.f);
    if (n < 0)
      break;
    ++line_no;
    bytes += static_cast<uint64_t>(n);
    std::string_view line{buf, static_cast<size_t>(n)};
    if (!line.empty() && line.back() == '\n')
      line.remove_suffix(1);
    auto& batch = batches[cur];
    auto r = parser.parse(line, batch);
    if (r.status == line_status::error)
      batch.reject(line_no, r.describe());
    batch.end_line(line_no);
    if (batch.size() >= cfg.batch_points ||
        batch.rejects() >= max_pending_rejects) {
      if ((failure = writer.submit(batch)))
        break;
      cur ^= 1;
      meter.update(bytes);
    }
  }
  bool read_error = !failure && std::ferror(in.f);
  int read_errno = errno;
  if (!failure)
    failure = writer.submit(batches[cur]);
  if (!failure)
    failure = writer.wait();
  std::free(buf);
  meter.finish();
  report.lines += line_no;
  if (failure) {
    err << in.name << ": import stopped: " << error_text(failure) << '\n';
    return false;
  }
  if (read_error) {
    err << in.name << ": read error after line " << line_no << ": "
        << std::strerror(read_errno) << '\n';
    return false;
  }
  return true;
}

std::string tier_names(const store_options& o) {
  std::string names;
  for (auto& t : o.tiers)
    names += (names.empty() ? "" : ", ") + t.name;
  return names;
}

} // namespace

import_report run_import(const import_config& cfg, std::ostream& err) {
  using clock = std::chrono::steady_clock;
  import_report report;
  report.format = cfg.format;
  report.raw_retention_ms = cfg.store.raw_retention_ms;
  auto files = cfg.files;
  if (files.empty())
    files.push_back("-");
  // Every file must open before anything is written.
  for (auto& path : files) {
    input probe;
    if (auto why = open_input(path, probe); !why.empty()) {
      err << "timeless import: cannot open " << path << ": " << why << '\n';
      report.failed = true;
    }
  }
  if (report.failed)
    return report;
  auto start = clock::now();
  auto store = blocking_store::open(cfg.store);
  if (!store) {
    err << "timeless import: " << error_text(store.error()) << '\n';
    report.failed = true;
    return report;
  }
  auto now = cfg.clock ? cfg.clock() : system_now_ms();
  auto retention = cfg.store.raw_retention_ms;
  auto old_before = retention == retention_forever
                        ? std::numeric_limits<int64_t>::min()
                    : now < std::numeric_limits<int64_t>::min() + retention
                        ? std::numeric_limits<int64_t>::min()
                        : now - retention;
  batch_totals totals;
  for (auto& path : files) {
    input in;
    if (auto why = open_input(path, in); !why.empty()) {
      err << "timeless import: cannot open " << path << ": " << why << '\n';
      report.failed = true;
      break;
    }
    ++report.files;
    if (!import_file(cfg, in, **store, old_before, report, totals, err)) {
      report.failed = true;
      break;
    }
  }
  if (auto e = (*store)->close()) {
    err << "timeless import: closing the store: " << error_text(e) << '\n';
    report.failed = true;
  }
  store->reset();
  report.seconds = std::chrono::duration<double>(clock::now() - start).count();
  report.points = totals.points;
  report.rejected_lines = totals.rejected_lines;
  report.old_points = totals.old_points;
  if (report.old_points > 0) {
    err << "timeless import: " << report.old_points
        << (report.old_points == 1 ? " point is" : " points are")
        << " older than the raw retention (" << format_retention(retention)
        << "): ";
    if (cfg.store.tiers.empty())
      err << "retention will delete them (no rollup tiers)\n";
    else
      err << "they will be kept only as rollups (" << tier_names(cfg.store)
          << ")\n";
  }
  return report;
}

std::string format_import_report(const import_report& r) {
  std::ostringstream os;
  char rate[64];
  std::snprintf(rate, sizeof(rate), "%.0f",
                r.seconds > 0 ? static_cast<double>(r.points) / r.seconds : 0);
  char secs[64];
  std::snprintf(secs, sizeof(secs), "%.2f", r.seconds);
  os << "timeless import: " << r.format << '\n'
     << "  files                      " << r.files << '\n'
     << "  lines read                 " << r.lines << '\n'
     << "  points accepted            " << r.points << '\n'
     << "  lines rejected             " << r.rejected_lines << '\n'
     << "  older than raw retention   " << r.old_points << '\n'
     << "  seconds (to durable)       " << secs << '\n'
     << "  points/s                   " << rate << '\n';
  if (r.failed)
    os << "  stopped early (see the errors above)\n";
  return os.str();
}

std::string import_report_json(const import_report& r) {
  std::ostringstream os;
  char secs[64];
  std::snprintf(secs, sizeof(secs), "%.3f", r.seconds);
  char rate[64];
  std::snprintf(rate, sizeof(rate), "%.0f",
                r.seconds > 0 ? static_cast<double>(r.points) / r.seconds : 0);
  os << "{\"format\":\"" << r.format << "\",\"files\":" << r.files
     << ",\"lines\":" << r.lines << ",\"points\":" << r.points
     << ",\"rejected_lines\":" << r.rejected_lines
     << ",\"old_points\":" << r.old_points
     << ",\"raw_retention_ms\":" << r.raw_retention_ms
     << ",\"seconds\":" << secs << ",\"points_per_second\":" << rate
     << ",\"failed\":" << (r.failed ? "true" : "false") << '}';
  return os.str();
}

} // namespace timeless::apps
