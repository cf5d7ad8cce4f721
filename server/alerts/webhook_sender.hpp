#pragma once

// Delivers webhook calls (HTTP POST of a JSON body) without ever blocking
// the caller: an Asio io_context with one thread of its own, so a slow or
// dead receiver delays neither ingest (the HTTP server's threads), nor the
// alert evaluator (a CAF actor), nor any other delivery (each runs its own
// chain of asynchronous operations).
//
// One delivery: resolve, connect, write, read the answer, each attempt
// bounded by `attempt_timeout` in all; a 2xx status is success, anything
// else (a refused connection, a timeout, another status) fails the
// attempt. Failed attempts are retried after `backoff`, doubled each time
// (1 s, 2 s, 4 s by default), up to `attempts` in all; then the delivery
// gives up with the last attempt's reason. Only `http://` URLs are
// accepted (no TLS); the answer's body is read up to
// `max_response_bytes` and discarded. At most `max_in_flight` deliveries
// run at once; more are refused at once ("too many webhook deliveries in
// flight"), so memory stays bounded however many rules fire.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

namespace timeless::server {

/// The parts of an `http://host[:port][/target]` URL.
struct http_url {
  std::string host;
  std::string port = "80";
  /// Path and query, "/" if the URL has none.
  std::string target = "/";
};

/// Parses an `http://` URL: a host name, IPv4 or bracketed IPv6 address,
/// an optional port (1-65535), an optional path and query (a fragment is
/// dropped). Fails with `errc::invalid_argument` naming the problem
/// (another scheme such as https, an empty host, a bad port, spaces or
/// control characters).
caf::expected<http_url> parse_http_url(std::string_view url);

struct webhook_options {
  /// The time one attempt may take, from resolving to the answer.
  std::chrono::milliseconds attempt_timeout{5000};
  /// Attempts per delivery, the first included (at least 1).
  size_t attempts = 3;
  /// Pause before the first retry, doubled before each next one.
  std::chrono::milliseconds backoff{1000};
  /// Deliveries running at once.
  size_t max_in_flight = 1024;
  /// Bytes of an answer read at most (header and body).
  size_t max_response_bytes = 64 * 1024;
};

/// How a delivery ended.
struct webhook_outcome {
  bool ok = false;
  /// Attempts made (1 if the first succeeded; 0 if none could start).
  size_t attempts = 0;
  /// Empty when ok; otherwise why the last attempt failed, e.g.
  /// "connect: Connection refused", "timeout", "HTTP 500".
  std::string reason;
};

class webhook_sender {
 public:
  using callback = std::function<void(webhook_outcome)>;

  explicit webhook_sender(webhook_options opts = {});

  /// Stops (see `stop`).
  ~webhook_sender();

  webhook_sender(const webhook_sender&) = delete;
  webhook_sender& operator=(const webhook_sender&) = delete;

  /// Posts `body` (application/json) to `url`, retrying as configured, and
  /// calls `done` once with the outcome, on the sender's thread. Returns
  /// at once. A URL that does not parse, or a full sender, is reported
  /// through `done` too (with 0 attempts), before `send` returns.
  void send(const std::string& url, std::string body, callback done);

  /// Deliveries started and not yet finished.
  size_t in_flight() const;

  /// Abandons every delivery in flight (their callbacks are not called)
  /// and joins the thread. Idempotent.
  void stop();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

} // namespace timeless::server
