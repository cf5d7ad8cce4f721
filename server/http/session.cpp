#include "server/http/session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "formats/error_text.hpp"
#include "server/http/gzip.hpp"
#include "server/http/response.hpp"
#include "timeless/error.hpp"

namespace timeless::server {

namespace net = boost::asio;
namespace beast = boost::beast;

// -- registry -----------------------------------------------------------------

bool session_registry::add(const std::shared_ptr<session>& s) {
  std::lock_guard guard{mtx_};
  if (stopping_)
    return false;
  live_.emplace(s.get(), s);
  return true;
}

void session_registry::remove(session* s) {
  std::lock_guard guard{mtx_};
  live_.erase(s);
  if (live_.empty())
    cv_.notify_all();
}

void session_registry::shutdown_all() {
  std::vector<std::shared_ptr<session>> all;
  {
    std::lock_guard guard{mtx_};
    stopping_ = true;
    for (auto& [ptr, weak] : live_)
      if (auto s = weak.lock())
        all.push_back(std::move(s));
  }
  for (auto& s : all)
    s->shutdown();
}

bool session_registry::wait_empty(std::chrono::milliseconds timeout) {
  std::unique_lock guard{mtx_};
  return cv_.wait_for(guard, timeout, [this] { return live_.empty(); });
}

// -- session ------------------------------------------------------------------

namespace {

/// Bytes read at a time while discarding an unread body.
constexpr size_t scratch_size = 16 * 1024;

constexpr std::string_view continue_text = "HTTP/1.1 100 Continue\r\n\r\n";

std::string size_text(size_t n) {
  if (n % (1024 * 1024) == 0)
    return std::to_string(n / (1024 * 1024)) + " MiB";
  if (n % 1024 == 0)
    return std::to_string(n / 1024) + " KiB";
  return std::to_string(n) + " bytes";
}

} // namespace

session::session(net::ip::tcp::socket&& socket, strand_type ex,
                 const router& routes, const route_env& env,
                 session_registry& registry)
    : stream_(std::move(socket)), ex_(std::move(ex)), routes_(routes),
      env_(env), registry_(registry) {
  // nop
}

session::~session() {
  if (in_flight_)
    env_.metrics.end_request();
  registry_.remove(this);
}

void session::start() {
  if (!registry_.add(shared_from_this())) {
    net::post(ex_, [self = shared_from_this()] { self->close(); });
    return;
  }
  net::dispatch(ex_, [self = shared_from_this()] { self->do_read(); });
}

void session::shutdown() {
  net::post(ex_, [self = shared_from_this()] {
    self->stopping_ = true;
    if (!self->busy_)
      self->close();
  });
}

void session::close() {
  beast::error_code ec;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  stream_.close();
}

void session::linger() {
  beast::error_code ec;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
  stream_.expires_after(std::chrono::seconds{2});
  scratch_ = std::make_unique<char[]>(scratch_size);
  drained_ = 0;
  drain();
}

void session::drain() {
  stream_.async_read_some(
      net::buffer(scratch_.get(), scratch_size),
      [self = shared_from_this()](beast::error_code ec, size_t n) {
        self->drained_ += n;
        if (ec || self->drained_ > self->env_.opts.max_body) {
          self->close();
          return;
        }
        self->drain();
      });
}

void session::do_read() {
  if (stopping_) {
    close();
    return;
  }
  busy_ = false;
  parser_.emplace();
  parser_->header_limit(static_cast<uint32_t>(
      std::min<size_t>(env_.opts.max_header, UINT32_MAX)));
  parser_->body_limit(env_.opts.max_body);
  // One deadline for the whole request, header and body.
  stream_.expires_after(env_.opts.read_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) {
        self->on_header(ec);
      });
}

void session::on_header(beast::error_code ec) {
  if (ec == http::error::header_limit) {
    answer_error(http::status::request_header_fields_too_large,
                 "request line and headers longer than " +
                     size_text(env_.opts.max_header));
    return;
  }
  if (ec) {
    on_read(ec);
    return;
  }
  auto& req = parser_->get();
  if (beast::iequals(req[http::field::expect], "100-continue")) {
    net::async_write(stream_, net::buffer(continue_text),
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec)
                         self->close();
                       else
                         self->read_body();
                     });
    return;
  }
  read_body();
}

void session::read_body() {
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, size_t) {
                     self->on_read(ec);
                   });
}

void session::on_read(beast::error_code ec) {
  if (ec == http::error::body_limit) {
    answer_error(http::status::payload_too_large,
                 "request body longer than " + size_text(env_.opts.max_body) +
                     " (--max-body)");
    return;
  }
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == net::error::operation_aborted || ec == net::error::eof ||
      ec == net::error::connection_reset || stopping_) {
    close();
    return;
  }
  if (ec) {
    answer_error(http::status::bad_request,
                 "malformed HTTP request: " + ec.message());
    return;
  }
  stream_.expires_never();
  handle(parser_->release());
}

void session::answer_error(http::status status, std::string msg) {
  // The request was not read to its end: answer, then close.
  busy_ = true;
  answered_ = false;
  unread_body_ = true;
  started_ = std::chrono::steady_clock::now();
  version_ = 11;
  keep_alive_ = false;
  gzip_ok_ = false;
  reply(error_response(status, msg));
}

void session::handle(request_type req) {
  busy_ = true;
  in_flight_ = true;
  env_.metrics.begin_request();
  answered_ = false;
  started_ = std::chrono::steady_clock::now();
  version_ = req.version();
  keep_alive_ = req.keep_alive();
  gzip_ok_ = accepts_gzip(req[http::field::accept_encoding]);
  route_ = "unknown";
  auto [path, query] = split_target(req.target());
  auto m = routes_.match(req.method(), path);
  if (m.status == route_match::kind::found)
    route_ = m.r->pattern;
  if (!authorized(req, path, m))
    return;
  if (m.status == route_match::kind::not_found) {
    reply(error_response(http::status::not_found,
                         "no route for " + std::string{path}));
    return;
  }
  if (m.status == route_match::kind::bad_method) {
    auto res = error_response(http::status::method_not_allowed,
                              "method " + std::string{req.method_string()} +
                                  " not allowed for " + std::string{path} +
                                  "; allowed: " + m.allow);
    res.set(http::field::allow, m.allow);
    reply(std::move(res));
    return;
  }
  auto x = std::make_shared<exchange>(ex_, env_, shared_from_this());
  x->path = std::string{strip_prometheus_prefix(path)};
  x->captures = std::move(m.captures);
  x->route = route_;
  if (auto err = x->params.parse(query)) {
    reply(error_response(http::status::bad_request,
                         "bad query string: " + formats::error_text(err)));
    return;
  }
  auto encoding = req[http::field::content_encoding];
  if (beast::iequals(encoding, "gzip") || beast::iequals(encoding, "x-gzip")) {
    std::string inflated;
    std::string why;
    switch (gunzip(req.body(), env_.opts.max_body, inflated, why)) {
      case gunzip_status::ok:
        req.body() = std::move(inflated);
        break;
      case gunzip_status::too_large:
        reply(error_response(http::status::payload_too_large,
                             "request body longer than " +
                                 size_text(env_.opts.max_body) +
                                 " after gzip inflation (--max-body)"));
        return;
      case gunzip_status::corrupt:
        reply(error_response(http::status::bad_request,
                             "cannot inflate the gzip request body: " + why));
        return;
    }
  } else if (!encoding.empty() && !beast::iequals(encoding, "identity") &&
             !(m.r->snappy_body && beast::iequals(encoding, "snappy"))) {
    reply(error_response(http::status::unsupported_media_type,
                         "unsupported Content-Encoding '" +
                             std::string{encoding} +
                             "' (gzip and identity are supported)"));
    return;
  }
  auto ctype = req[http::field::content_type];
  if (ctype.size() >= 33 &&
      beast::iequals(ctype.substr(0, 33),
                     "application/x-www-form-urlencoded")) {
    if (auto err = x->params.parse(req.body())) {
      reply(error_response(http::status::bad_request,
                           "bad form body: " + formats::error_text(err)));
      return;
    }
  }
  x->req = std::move(req);
  m.r->handler(x);
}

bool session::authorized(const request_type& req, std::string_view path,
                         const route_match& m) {
  auto& tokens = env_.opts.auth;
  if (!tokens.enabled() || strip_prometheus_prefix(path) == "/health")
    return true;
  auto method = req.method();
  auto reads = method == http::verb::get || method == http::verb::head ||
               (m.status == route_match::kind::found && m.r->post_reads);
  auto need = reads ? access::read : access::write;
  switch (check_auth(tokens, req[http::field::authorization], need)) {
    case auth_status::allowed:
      return true;
    case auth_status::missing:
    case auth_status::unknown_token: {
      auto res = error_response(
          http::status::unauthorized,
          req[http::field::authorization].empty()
              ? "authentication required: send Authorization: Bearer <token>"
              : "the Authorization header holds no known token");
      res.insert(http::field::www_authenticate, "Bearer realm=\"timeless\"");
      res.insert(http::field::www_authenticate, "Basic realm=\"timeless\"");
      reply(std::move(res));
      return false;
    }
    case auth_status::forbidden:
      reply(error_response(http::status::forbidden,
                           reads ? "the token does not allow reads"
                                 : "the token allows reads only, and " +
                                       std::string{req.method_string()} + " " +
                                       std::string{path} + " writes"));
      return false;
  }
  return false;
}

void session::count(unsigned code) {
  if (in_flight_) {
    in_flight_ = false;
    env_.metrics.end_request();
  }
  env_.metrics.request(route_, code,
                       std::chrono::steady_clock::now() - started_);
}

void session::reply(response_type res) {
  if (answered_)
    return;
  answered_ = true;
  auto close_after = !keep_alive_ || stopping_;
  res.version(version_);
  res.keep_alive(!close_after);
  if (gzip_ok_ && res.body().size() >= env_.opts.gzip_min_bytes &&
      res[http::field::content_encoding].empty()) {
    auto packed = gzip(res.body());
    if (!packed.empty()) {
      res.body() = std::move(packed);
      res.set(http::field::content_encoding, "gzip");
      res.set(http::field::vary, "Accept-Encoding");
    }
  }
  res.prepare_payload();
  count(res.result_int());
  res_ = std::make_shared<response_type>(std::move(res));
  stream_.expires_after(env_.opts.write_timeout);
  http::async_write(
      stream_, *res_,
      [self = shared_from_this(), close_after](beast::error_code ec, size_t) {
        self->res_.reset();
        self->finish(close_after || ec.failed());
      });
}

void session::finish(bool close_now) {
  busy_ = false;
  if (unread_body_) {
    linger();
    return;
  }
  if (close_now || stopping_) {
    close();
    return;
  }
  do_read();
}

void session::stream(std::string content_type,
                     std::shared_ptr<chunk_source> src) {
  if (answered_)
    return;
  answered_ = true;
  count(200);
  src_ = std::move(src);
  stream_res_.emplace(http::status::ok, version_);
  stream_res_->set(http::field::content_type, content_type);
  stream_res_->keep_alive(keep_alive_ && !stopping_);
  stream_res_->chunked(true);
  stream_sr_.emplace(*stream_res_);
  stream_.expires_after(env_.opts.write_timeout);
  http::async_write_header(
      stream_, *stream_sr_,
      [self = shared_from_this()](beast::error_code ec, size_t) {
        if (ec) {
          self->src_.reset();
          self->finish(true);
          return;
        }
        self->next_chunk();
      });
}

void session::next_chunk() {
  auto self = shared_from_this();
  src_->next([self](std::string piece, chunk_source::state st) {
    // The source may call back on another thread's post; come back.
    net::dispatch(self->ex_, [self, piece = std::move(piece), st]() mutable {
      self->on_chunk(std::move(piece), st);
    });
  });
}

void session::on_chunk(std::string piece, chunk_source::state st) {
  if (st == chunk_source::state::failed) {
    src_.reset();
    finish(true);
    return;
  }
  auto self = shared_from_this();
  auto after = [self, st](beast::error_code ec, size_t) {
    if (ec) {
      self->src_.reset();
      self->finish(true);
      return;
    }
    if (st == chunk_source::state::more) {
      self->next_chunk();
      return;
    }
    // The last piece went out: end the body.
    self->stream_.expires_after(self->env_.opts.write_timeout);
    net::async_write(self->stream_, http::make_chunk_last(),
                     [self](beast::error_code ec, size_t) {
                       auto close_after = !self->stream_res_->keep_alive();
                       self->src_.reset();
                       self->stream_sr_.reset();
                       self->stream_res_.reset();
                       self->finish(close_after || ec.failed());
                     });
  };
  chunk_ = std::move(piece);
  stream_.expires_after(env_.opts.write_timeout);
  if (chunk_.empty()) {
    after({}, 0);
    return;
  }
  net::async_write(stream_, http::make_chunk(net::buffer(chunk_)),
                   std::move(after));
}

} // namespace timeless::server
