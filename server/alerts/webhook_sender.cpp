#include "server/alerts/webhook_sender.hpp"

#include <atomic>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "formats/error_text.hpp"
#include "timeless/error.hpp"

namespace timeless::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

caf::expected<http_url> parse_http_url(std::string_view url) {
  auto bad = [&](const std::string& why) {
    return make_error(errc::invalid_argument,
                      "webhook URL '" + std::string{url} + "': " + why);
  };
  for (auto c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return bad("contains a space or control character");
  constexpr std::string_view scheme = "http://";
  if (url.size() < scheme.size() ||
      url.substr(0, scheme.size()) != scheme) // scheme is case-sensitive here
    return bad("only http:// URLs are supported");
  auto rest = url.substr(scheme.size());
  if (auto hash = rest.find('#'); hash != std::string_view::npos)
    rest = rest.substr(0, hash);
  auto slash = rest.find_first_of("/?");
  auto authority = rest.substr(0, slash);
  http_url out;
  if (slash != std::string_view::npos) {
    out.target = std::string{rest.substr(slash)};
    if (out.target.front() == '?')
      out.target.insert(out.target.begin(), '/');
  }
  if (authority.find('@') != std::string_view::npos)
    return bad("user information is not supported");
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos)
      return bad("unterminated IPv6 address");
    out.host = std::string{authority.substr(1, close - 1)};
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':')
        return bad("junk after the IPv6 address");
      port = after.substr(1);
      if (port.empty())
        return bad("empty port");
    }
  } else {
    auto colon = authority.rfind(':');
    out.host = std::string{authority.substr(0, colon)};
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty())
        return bad("empty port");
    }
  }
  if (out.host.empty())
    return bad("no host");
  if (!port.empty()) {
    unsigned n = 0;
    for (auto c : port) {
      if (c < '0' || c > '9' || n > 65535)
        return bad("bad port '" + std::string{port} + "'");
      n = n * 10 + static_cast<unsigned>(c - '0');
    }
    if (n == 0 || n > 65535)
      return bad("bad port '" + std::string{port} + "'");
    out.port = std::to_string(n);
  }
  return out;
}

namespace {

/// One delivery: its attempts, each a chain of asynchronous operations.
class delivery : public std::enable_shared_from_this<delivery> {
 public:
  delivery(net::io_context& ioc, const webhook_options& opts, http_url url,
           std::string body, webhook_sender::callback done,
           std::shared_ptr<std::atomic<size_t>> live)
      : ioc_(ioc), opts_(opts), url_(std::move(url)), done_(std::move(done)),
        live_(std::move(live)), resolver_(ioc), deadline_(ioc), pause_(ioc),
        backoff_(opts.backoff) {
    req_.method(http::verb::post);
    req_.target(url_.target);
    req_.version(11);
    auto host = url_.host.find(':') != std::string::npos ? "[" + url_.host + "]"
                                                         : url_.host;
    if (url_.port != "80")
      host += ":" + url_.port;
    req_.set(http::field::host, host);
    req_.set(http::field::user_agent, "timeless-alerts");
    req_.set(http::field::content_type, "application/json");
    req_.set(http::field::connection, "close");
    req_.body() = std::move(body);
    req_.prepare_payload();
  }

  void start() {
    ++attempt_;
    ++generation_;
    timed_out_ = false;
    stream_.emplace(ioc_);
    deadline_.expires_after(opts_.attempt_timeout);
    deadline_.async_wait(
        [self = shared_from_this(), gen = generation_](beast::error_code ec) {
          if (ec || gen != self->generation_ || self->finished_attempt_)
            return;
          self->timed_out_ = true;
          self->resolver_.cancel();
          if (self->stream_)
            self->stream_->socket().close(ec);
        });
    finished_attempt_ = false;
    resolver_.async_resolve(
        url_.host, url_.port,
        [self = shared_from_this()](beast::error_code ec,
                                    tcp::resolver::results_type results) {
          if (ec)
            return self->fail("resolve", ec);
          self->stream_->async_connect(
              results, [self](beast::error_code ec, const tcp::endpoint&) {
                if (ec)
                  return self->fail("connect", ec);
                self->write();
              });
        });
  }

 private:
  void write() {
    http::async_write(
        *stream_, req_,
        [self = shared_from_this()](beast::error_code ec, size_t) {
          if (ec)
            return self->fail("write", ec);
          self->read();
        });
  }

  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(
        std::min<size_t>(opts_.max_response_bytes, UINT32_MAX)));
    parser_->body_limit(opts_.max_response_bytes);
    buf_.clear();
    http::async_read(*stream_, buf_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec)
                         return self->fail("read", ec);
                       auto code = self->parser_->get().result_int();
                       if (code >= 200 && code < 300)
                         return self->finish(true, {});
                       self->retry_or_finish("HTTP " + std::to_string(code));
                     });
  }

  void fail(const char* step, const beast::error_code& ec) {
    if (timed_out_)
      return retry_or_finish("timeout after " +
                             std::to_string(opts_.attempt_timeout.count()) +
                             " ms (" + step + ")");
    retry_or_finish(std::string{step} + ": " + ec.message());
  }

  void end_attempt() {
    finished_attempt_ = true;
    deadline_.cancel();
    if (stream_) {
      beast::error_code ignored;
      stream_->socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream_->socket().close(ignored);
    }
  }

  void retry_or_finish(std::string reason) {
    end_attempt();
    if (attempt_ >= opts_.attempts)
      return finish(false, std::move(reason));
    pause_.expires_after(backoff_);
    backoff_ *= 2;
    pause_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec)
        self->start();
    });
  }

  void finish(bool ok, std::string reason) {
    end_attempt();
    live_->fetch_sub(1, std::memory_order_relaxed);
    auto f = std::move(done_);
    f(webhook_outcome{ok, attempt_, std::move(reason)});
  }

  net::io_context& ioc_;
  const webhook_options& opts_;
  http_url url_;
  webhook_sender::callback done_;
  std::shared_ptr<std::atomic<size_t>> live_;
  tcp::resolver resolver_;
  std::optional<beast::tcp_stream> stream_;
  net::steady_timer deadline_;
  net::steady_timer pause_;
  std::chrono::milliseconds backoff_;
  http::request<http::string_body> req_;
  beast::flat_buffer buf_;
  std::optional<http::response_parser<http::string_body>> parser_;
  size_t attempt_ = 0;
  uint64_t generation_ = 0;
  bool timed_out_ = false;
  bool finished_attempt_ = false;
};

} // namespace

struct webhook_sender::impl {
  webhook_options opts;
  net::io_context ioc{1};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work{
      net::make_work_guard(ioc)};
  std::shared_ptr<std::atomic<size_t>> live =
      std::make_shared<std::atomic<size_t>>(0);
  std::thread thread;
  std::atomic<bool> stopped{false};
};

webhook_sender::webhook_sender(webhook_options opts)
    : impl_(std::make_shared<impl>()) {
  if (opts.attempts == 0)
    opts.attempts = 1;
  impl_->opts = opts;
  impl_->thread = std::thread{[p = impl_.get()] { p->ioc.run(); }};
}

webhook_sender::~webhook_sender() {
  stop();
}

void webhook_sender::send(const std::string& url, std::string body,
                          callback done) {
  auto parsed = parse_http_url(url);
  if (!parsed) {
    done(webhook_outcome{false, 0, formats::error_text(parsed.error())});
    return;
  }
  if (impl_->stopped.load()) {
    done(webhook_outcome{false, 0, "webhook sender stopped"});
    return;
  }
  auto& live = *impl_->live;
  if (live.fetch_add(1, std::memory_order_relaxed) >=
      impl_->opts.max_in_flight) {
    live.fetch_sub(1, std::memory_order_relaxed);
    done(webhook_outcome{false, 0, "too many webhook deliveries in flight"});
    return;
  }
  auto d =
      std::make_shared<delivery>(impl_->ioc, impl_->opts, std::move(*parsed),
                                 std::move(body), std::move(done), impl_->live);
  net::post(impl_->ioc, [d] { d->start(); });
}

size_t webhook_sender::in_flight() const {
  return impl_->live->load(std::memory_order_relaxed);
}

void webhook_sender::stop() {
  if (!impl_ || impl_->stopped.exchange(true))
    return;
  impl_->work.reset();
  impl_->ioc.stop();
  if (impl_->thread.joinable())
    impl_->thread.join();
}

} // namespace timeless::server
