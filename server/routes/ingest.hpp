#pragma once

// One import request's body, parsed into batches and written to the store
// without blocking a thread (see ingest.cpp).

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "formats/influx_parser.hpp"
#include "formats/jsonl_parser.hpp"
#include "formats/prometheus_meta.hpp"
#include "formats/remote_write.hpp"
#include "server/routes/exchange.hpp"

namespace timeless::server {

/// The text formats an import route reads.
enum class ingest_format : uint8_t { jsonl, prometheus, influx, remote_write };

/// Rejected lines listed in an answer, at most.
inline constexpr size_t max_listed_errors = 100;

/// Writes the body of `x` as `fmt` to the store and answers: 204 when
/// every line was stored; 400 with the counts and the first rejected
/// lines when some were malformed or refused; 503 with Retry-After when
/// the store stayed overloaded; the store's error otherwise.
class ingest_job : public std::enable_shared_from_this<ingest_job> {
 public:
  /// `influx`: the request's precision, db and now (influx format only).
  ingest_job(exchange_ptr x, ingest_format fmt,
             formats::influx_options influx = {});

  /// A decoded remote_write request: units are ranges of its series.
  ingest_job(exchange_ptr x, std::unique_ptr<formats::remote_write_decoder> rw);

  void start();

 private:
  /// A run of whole lines of the body: [begin, end), its first line's
  /// number (for remote_write: series indices, numbered from 1).
  struct unit {
    size_t begin;
    size_t end;
    uint64_t first_line;
  };
  /// A line that produced samples: its number and offset.
  struct line_at {
    uint64_t line;
    size_t offset;
  };

  size_t parse(const unit& u, bool record, size_t limit,
               std::vector<sample>& out, std::vector<line_at>* lines);
  size_t parse_series(const unit& u, size_t limit, std::vector<sample>& out,
                      std::vector<line_at>* lines);
  void pump();
  void send(unit u, std::vector<sample> samples);
  void on_written(unit u, caf::expected<uint64_t> res);
  void refused(const unit& u, const caf::error& err);
  void reject(uint64_t line, std::string reason);
  void finish();
  void answer();
  std::string summary(const std::string* error) const;

  exchange_ptr x_;
  ingest_format fmt_;
  std::string body_;
  std::unique_ptr<formats::remote_write_decoder> rw_;
  /// Bytes of the body, or series of a remote_write request.
  size_t total_ = 0;
  size_t pos_ = 0;
  uint64_t next_line_ = 1;
  formats::jsonl_parser jsonl_;
  /// Metadata of the request (TYPE, HELP, UNIT lines; remote_write's),
  /// sent to the store in one put_meta before the answer.
  formats::metadata_collector meta_;
  formats::influx_parser influx_;
  /// Units to write again (halves of refused ones, or after
  /// backpressure), before new ones.
  std::deque<unit> retry_;
  size_t in_flight_ = 0;
  uint64_t accepted_ = 0;
  uint64_t rejected_ = 0;
  std::vector<std::pair<uint64_t, std::string>> errors_;
  caf::error failure_;
  bool paused_ = false;
  bool finished_ = false;
  std::chrono::steady_clock::time_point bp_since_{};
  std::chrono::milliseconds pause_{1};
  boost::asio::steady_timer timer_;
};

} // namespace timeless::server
