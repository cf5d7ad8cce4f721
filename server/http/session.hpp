#pragma once

// One HTTP/1.1 connection: reads requests one after the other (keep-alive),
// each bounded in size (header and body limits) and in time (the read
// timeout covers the whole request, so a slow sender is cut off), hands
// each to its route on the connection's strand, and writes the answer
// (gzipped when the client accepts it and it is long enough), or streams
// it chunk by chunk. A request with `Expect: 100-continue` gets its
// interim answer before the body is read.
//
// States: reading (waiting for or reading a request) and busy (a route
// has the request). `shutdown` closes a reading connection at once and
// lets a busy one finish its answer, then closes it.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>

#include "server/routes/exchange.hpp"
#include "server/routes/router.hpp"

namespace timeless::server {

class session;

/// The live connections of a server, so that it can stop them.
class session_registry {
 public:
  /// Registers `s`; false once `shutdown_all` ran (the caller drops it).
  bool add(const std::shared_ptr<session>& s);

  void remove(session* s);

  /// Refuses new sessions and asks every live one to shut down.
  void shutdown_all();

  /// Waits until no session is left or `timeout` passed; true if none is.
  bool wait_empty(std::chrono::milliseconds timeout);

 private:
  std::mutex mtx_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::unordered_map<session*, std::weak_ptr<session>> live_;
};

class session : public responder, public std::enable_shared_from_this<session> {
 public:
  session(boost::asio::ip::tcp::socket&& socket, strand_type ex,
          const router& routes, const route_env& env,
          session_registry& registry);

  ~session() override;

  /// Starts reading requests.
  void start();

  /// Closes the connection once the request in progress (if any) is
  /// answered. Call on any thread.
  void shutdown();

  void reply(response_type res) override;

  void stream(std::string content_type,
              std::shared_ptr<chunk_source> src) override;

 private:
  void do_read();
  void on_header(boost::beast::error_code ec);
  void read_body();
  void on_read(boost::beast::error_code ec);
  void handle(request_type req);
  /// Checks the request's token (server_options::auth); answers 401 or 403
  /// and returns false when it may not go on.
  bool authorized(const request_type& req, std::string_view path,
                  const route_match& m);
  void answer_error(http::status status, std::string msg);
  void finish(bool close);
  void next_chunk();
  void on_chunk(std::string piece, chunk_source::state st);
  void close();
  void linger();
  void drain();
  void count(unsigned code);

  boost::beast::tcp_stream stream_;
  strand_type ex_;
  const router& routes_;
  const route_env& env_;
  session_registry& registry_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<response_type> res_;
  std::optional<http::response<http::empty_body>> stream_res_;
  std::optional<http::response_serializer<http::empty_body>> stream_sr_;
  std::shared_ptr<chunk_source> src_;
  std::string chunk_;
  std::string route_ = "unknown";
  std::chrono::steady_clock::time_point started_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool gzip_ok_ = false;
  bool busy_ = false;
  bool answered_ = false;
  bool stopping_ = false;
  /// Counted in the metrics' requests in flight.
  bool in_flight_ = false;
  /// The request's body was not read to its end (413, 431, 400): after
  /// the answer, read and discard what the client still sends for a
  /// moment before closing, so that it sees the answer, not a reset.
  bool unread_body_ = false;
  std::unique_ptr<char[]> scratch_;
  size_t drained_ = 0;
};

} // namespace timeless::server
