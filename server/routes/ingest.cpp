// POST /api/v1/import             VictoriaMetrics JSON lines (ms timestamps)
// POST /api/v1/import/prometheus  Prometheus text exposition (no timestamp:
//                                 the store's now; # lines: metadata)
// POST /write, /api/v2/write      InfluxDB line protocol (also under
//                                 /influx): `precision` (ns, us, ms, s, m,
//                                 h; none: guessed from the magnitude),
//                                 `db` (a db label for lines without one);
//                                 see formats/influx_parser.hpp
// POST /api/v1/write              Prometheus remote_write 1.0 (snappy
//                                 protobuf, formats/remote_write.hpp); the
//                                 units are ranges of decoded series and
//                                 a rejected "line" is a series (1-based)
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
// Metadata: the `# TYPE`, `# HELP`, `# UNIT` lines of a Prometheus text
// body and the `metadata` of a remote_write request are gathered while
// parsing (formats/prometheus_meta.hpp) and sent to the store as one
// put_meta request once the points are written, before the answer; the
// store writes only what changed. A metadata failure is reported on stderr
// and does not change the answer.
//
// A 2xx answer means every point was acknowledged by the store: appended
// to its write-ahead log under its durability mode (docs/server.md).

#include "server/routes/ingest.hpp"

#include <algorithm>
#include <cstdio>

#include "formats/error_text.hpp"
#include "formats/json_writer.hpp"
#include "formats/prometheus_parser.hpp"
#include "formats/remote_write.hpp"
#include "server/http/response.hpp"
#include "server/routes/common.hpp"
#include "server/routes/routes.hpp"
#include "server/routes/series_params.hpp"
#include "timeless/error.hpp"

namespace timeless::server {

namespace {

constexpr std::chrono::milliseconds max_pause{100};

} // namespace

ingest_job::ingest_job(exchange_ptr x, ingest_format fmt,
                       formats::influx_options influx)
    : x_(std::move(x)), fmt_(fmt), body_(std::move(x_->req.body())),
      influx_(std::move(influx)), timer_(x_->ex) {
  total_ = body_.size();
}

ingest_job::ingest_job(exchange_ptr x,
                       std::unique_ptr<formats::remote_write_decoder> rw)
    : x_(std::move(x)), fmt_(ingest_format::remote_write), rw_(std::move(rw)),
      timer_(x_->ex) {
  total_ = rw_->series().size();
  for (auto& m : rw_->metadata())
    meta_.add(m);
}

size_t ingest_job::parse_series(const unit& u, size_t limit,
                                std::vector<sample>& out,
                                std::vector<line_at>* lines) {
  auto all = rw_->series();
  auto i = u.begin;
  for (; i < u.end && (limit == 0 || out.size() < limit); ++i) {
    auto& s = all[i];
    for (size_t k = 0; k < s.ts.size(); ++k)
      out.push_back({s.metric, s.labels, s.ts[k], s.values[k]});
    if (lines != nullptr && !s.ts.empty())
      lines->push_back({i + 1, i});
  }
  return i;
}

void ingest_job::start() {
  pump();
}

size_t ingest_job::parse(const unit& u, bool record, size_t limit,
                         std::vector<sample>& out,
                         std::vector<line_at>* lines) {
  if (rw_)
    return parse_series(u, limit, out, lines);
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
    } else if (fmt_ == ingest_format::influx) {
      r = influx_.parse(line, out);
    } else {
      out.emplace_back();
      r = formats::parse_prometheus_line(line, out.back());
      if (r.status != formats::line_status::ok)
        out.pop_back();
      if (r.status == formats::line_status::skip && record)
        meta_.add_line(line);
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
    if (pos_ >= total_)
      break;
    unit u{pos_, total_, next_line_};
    u.end = parse(u, true, std::max<size_t>(x_->env.opts.batch_points, 1),
                  samples, nullptr);
    pos_ = u.end;
    if (!samples.empty())
      send(u, std::move(samples));
  }
  auto drained = failure_ || (pos_ >= total_ && retry_.empty());
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
        reject(lines[0].line, formats::sample_error_text(err));
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
  if (meta_.empty()) {
    answer();
    return;
  }
  // One put_meta per request; metadata never changes the import's answer.
  auto self = shared_from_this();
  x_->env.bridge.ask<caf::ok_atom>(
      x_->ex,
      [self](caf::expected<caf::ok_atom> res) {
        if (!res)
          std::fprintf(stderr,
                       "timeless serve: metadata of an import not stored: "
                       "%s\n",
                       formats::error_text(res.error()).c_str());
        self->answer();
      },
      put_meta_atom::value, meta_.take());
}

void ingest_job::answer() {
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

namespace {

void influx_write(const exchange_ptr& x) {
  formats::influx_options o;
  auto precision = x->params.get("precision").value_or("");
  if (!formats::parse_influx_precision(precision, o.precision)) {
    x->reply(error_response(http::status::bad_request,
                            "bad precision '" + std::string{precision} +
                                "': expected ns, us, ms, s, m or h"));
    return;
  }
  o.db = std::string{x->params.get("db").value_or("")};
  o.now = system_now_ms();
  std::make_shared<ingest_job>(x, ingest_format::influx, std::move(o))->start();
}

void remote_write(const exchange_ptr& x) {
  auto encoding = x->req[http::field::content_encoding];
  if (!encoding.empty() && encoding != "snappy") {
    x->reply(error_response(http::status::unsupported_media_type,
                            "remote_write bodies are snappy-compressed "
                            "protobuf (Content-Encoding: snappy)"));
    return;
  }
  auto dec = std::make_unique<formats::remote_write_decoder>();
  if (auto err = dec->decode(x->req.body(), x->env.opts.max_body)) {
    x->reply(
        error_response(http::status::bad_request,
                       "bad remote_write body: " + formats::error_text(err)));
    return;
  }
  x->req.body().clear();
  std::make_shared<ingest_job>(x, std::move(dec))->start();
}

} // namespace

void add_ingest_routes(router& r) {
  r.add("/api/v1/write", {http::verb::post}, remote_write, true);
  for (auto path :
       {"/write", "/api/v2/write", "/influx/write", "/influx/api/v2/write"})
    r.add(path, {http::verb::post}, influx_write);
  r.add("/api/v1/import", {http::verb::post}, [](const exchange_ptr& x) {
    std::make_shared<ingest_job>(x, ingest_format::jsonl)->start();
  });
  r.add("/api/v1/import/prometheus", {http::verb::post},
        [](const exchange_ptr& x) {
          std::make_shared<ingest_job>(x, ingest_format::prometheus)->start();
        });
}

} // namespace timeless::server
