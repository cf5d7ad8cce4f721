// POST /api/v1/import             VictoriaMetrics JSON lines (ms timestamps)
// POST /api/v1/import/prometheus  Prometheus text exposition (no timestamp:
//                                 the store's now; # lines skipped)
//
// The body (inflated, at most --max-body) is parsed on the connection's
// strand into batches of `batch_points` samples; each batch is one
// `write_atom` request, its samples moved into the message; at most
// `max_writes_in_flight` are outstanding, and the next batch is parsed
// when one is answered, so parsed samples never exceed that many batches.
// A batch covers a run of whole lines (a unit: byte range and first line
// number), so it can be parsed again instead of kept:
//
// - refused for its data (invalid name or labels: the store refuses the
//   whole batch): the unit is parsed again and split in two halves by
//   lines, each written again, down to single lines, which are rejected
//   with the store's reason; every other line is stored (as
//   apps/import_batch.cpp does with blocking calls);
// - refused for backpressure: the unit is written again after a pause
//   (1 ms, doubling up to 100 ms) for up to `backpressure_timeout`; then
//   the import stops, answering 503 with Retry-After and the counts;
// - any other failure stops the import and answers the store's error.
//
// A 2xx answer means every point was acknowledged by the store: appended
// to its write-ahead log under its durability mode (docs/server.md).

#include "server/routes/ingest.hpp"

#include <algorithm>

#include "formats/error_text.hpp"
#include "formats/json_writer.hpp"
#include "formats/prometheus_parser.hpp"
#include "server/http/response.hpp"
#include "server/routes/common.hpp"
#include "server/routes/routes.hpp"
#include "timeless/error.hpp"

namespace timeless::server {

namespace {

constexpr std::chrono::milliseconds max_pause{100};

/// The store names the refused sample by its batch index ("sample 3:
/// ..."); for one line that says nothing.
std::string without_sample_index(std::string msg) {
  if (!msg.starts_with("sample "))
    return msg;
  size_t i = 7;
  while (i < msg.size() && msg[i] >= '0' && msg[i] <= '9')
    ++i;
  if (i > 7 && msg.compare(i, 2, ": ") == 0)
    msg.erase(0, i + 2);
  return msg;
}

bool is_data_error(const caf::error& err) {
  switch (code_of(err)) {
    case errc::invalid_metric_name:
    case errc::invalid_label:
    case errc::too_many_labels:
    case errc::name_too_long:
    case errc::invalid_argument:
      return true;
    default:
      return false;
  }
}

} // namespace

ingest_job::ingest_job(exchange_ptr x, ingest_format fmt)
    : x_(std::move(x)), fmt_(fmt), body_(std::move(x_->req.body())),
      timer_(x_->ex) {
  // nop
}

void ingest_job::start() {
  pump();
}

size_t ingest_job::parse(const unit& u, bool record, size_t limit,
                         std::vector<sample>& out,
                         std::vector<line_at>* lines) {
  auto p = u.begin;
  auto line_no = u.first_line;
  while (p < u.end && (limit == 0 || out.size() < limit)) {
    auto nl = body_.find('\n', p);
    auto stop = nl == std::string::npos || nl > u.end ? u.end : nl;
    std::string_view line{body_.data() + p, stop - p};
    auto before = out.size();
    formats::line_result r;
    if (fmt_ == ingest_format::jsonl) {
      r = jsonl_.parse(line, out);
    } else {
      out.emplace_back();
      r = formats::parse_prometheus_line(line, out.back());
      if (r.status != formats::line_status::ok)
        out.pop_back();
    }
    if (r.status == formats::line_status::error && record)
      reject(line_no, r.describe());
    if (lines != nullptr && out.size() > before)
      lines->push_back({line_no, p});
    p = stop == u.end ? u.end : stop + 1;
    ++line_no;
  }
  if (record)
    next_line_ = line_no;
  return p;
}

void ingest_job::pump() {
  if (finished_)
    return;
  while (!failure_ && !paused_ &&
         in_flight_ < std::max<size_t>(x_->env.opts.max_writes_in_flight, 1)) {
    std::vector<sample> samples;
    if (!retry_.empty()) {
      auto u = retry_.front();
      retry_.pop_front();
      parse(u, false, 0, samples, nullptr);
      if (!samples.empty())
        send(u, std::move(samples));
      continue;
    }
    if (pos_ >= body_.size())
      break;
    unit u{pos_, body_.size(), next_line_};
    u.end = parse(u, true, std::max<size_t>(x_->env.opts.batch_points, 1),
                  samples, nullptr);
    pos_ = u.end;
    if (!samples.empty())
      send(u, std::move(samples));
  }
  auto drained = failure_ || (pos_ >= body_.size() && retry_.empty());
  if (in_flight_ == 0 && !paused_ && drained)
    finish();
}

void ingest_job::send(unit u, std::vector<sample> samples) {
  ++in_flight_;
  auto self = shared_from_this();
  x_->env.bridge.ask<uint64_t>(
      x_->ex,
      [self, u](caf::expected<uint64_t> res) {
        self->on_written(u, std::move(res));
      },
      write_atom::value, std::move(samples));
}

void ingest_job::on_written(unit u, caf::expected<uint64_t> res) {
  --in_flight_;
  if (res) {
    accepted_ += *res;
    bp_since_ = {};
    pause_ = std::chrono::milliseconds{1};
  } else {
    refused(u, res.error());
  }
  pump();
}

void ingest_job::refused(const unit& u, const caf::error& err) {
  if (is_data_error(err)) {
    std::vector<sample> samples;
    std::vector<line_at> lines;
    parse(u, false, 0, samples, &lines);
    if (lines.size() <= 1) {
      if (!lines.empty())
        reject(lines[0].line, without_sample_index(formats::error_text(err)));
      return;
    }
    auto mid = lines[lines.size() / 2];
    // Halves first, in line order.
    retry_.push_front({mid.offset, u.end, mid.line});
    retry_.push_front({u.begin, mid.offset, u.first_line});
    return;
  }
  if (code_of(err) == errc::backpressure && !failure_) {
    auto now = std::chrono::steady_clock::now();
    if (bp_since_ == std::chrono::steady_clock::time_point{})
      bp_since_ = now;
    if (now - bp_since_ <= x_->env.opts.backpressure_timeout) {
      retry_.push_front(u);
      if (!paused_) {
        paused_ = true;
        timer_.expires_after(pause_);
        pause_ = std::min(pause_ * 2, max_pause);
        timer_.async_wait(
            [self = shared_from_this()](boost::system::error_code) {
              self->paused_ = false;
              self->pump();
            });
      }
      return;
    }
  }
  if (!failure_)
    failure_ = err;
}

void ingest_job::reject(uint64_t line, std::string reason) {
  ++rejected_;
  errors_.emplace_back(line, std::move(reason));
  if (errors_.size() >= 2 * max_listed_errors) {
    std::sort(errors_.begin(), errors_.end(),
              [](auto& a, auto& b) { return a.first < b.first; });
    errors_.resize(max_listed_errors);
  }
}

std::string ingest_job::summary(const std::string* error) const {
  std::string out = "{";
  if (error != nullptr) {
    out += "\"error\":";
    formats::append_json_string(out, *error);
    out += ',';
  }
  out += "\"accepted_points\":" + std::to_string(accepted_);
  out += ",\"rejected_lines\":" + std::to_string(rejected_);
  out += ",\"errors\":[";
  for (size_t i = 0; i < errors_.size(); ++i) {
    if (i > 0)
      out += ',';
    out += "{\"line\":" + std::to_string(errors_[i].first) + ",\"reason\":";
    formats::append_json_string(out, errors_[i].second);
    out += '}';
  }
  out += "]}\n";
  return out;
}

void ingest_job::finish() {
  finished_ = true;
  std::sort(errors_.begin(), errors_.end(),
            [](auto& a, auto& b) { return a.first < b.first; });
  if (errors_.size() > max_listed_errors)
    errors_.resize(max_listed_errors);
  x_->env.metrics.ingest(x_->route, accepted_, rejected_);
  if (failure_) {
    auto res = store_failure(failure_, false);
    std::string msg;
    if (code_of(failure_) == errc::backpressure)
      msg = "the store is overloaded (backpressure for longer than " +
            std::to_string(x_->env.opts.backpressure_timeout.count()) +
            " ms); the accepted points are stored, retry the rest later";
    else
      msg = "import stopped: " + formats::error_text(failure_) +
            "; the accepted points are stored";
    res.body() = summary(&msg);
    x_->reply(std::move(res));
    return;
  }
  if (rejected_ == 0) {
    x_->reply(make_response(http::status::no_content, "", {}));
    return;
  }
  x_->reply(make_response(http::status::bad_request, "application/json",
                          summary(nullptr)));
}

void add_ingest_routes(router& r) {
  r.add("/api/v1/import", {http::verb::post}, [](const exchange_ptr& x) {
    std::make_shared<ingest_job>(x, ingest_format::jsonl)->start();
  });
  r.add("/api/v1/import/prometheus", {http::verb::post},
        [](const exchange_ptr& x) {
          std::make_shared<ingest_job>(x, ingest_format::prometheus)->start();
        });
}

} // namespace timeless::server
