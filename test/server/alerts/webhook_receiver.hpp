#pragma once

// A webhook receiver for the alert tests: an HTTP server on 127.0.0.1 (a
// free port) with an io_context and a thread of its own, recording every
// request it reads and answering each as its plan says: a status code, or
// 0 to never answer (the connection is held open until the receiver stops).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace timeless::test {

class webhook_receiver {
 public:
  /// Returns the status to answer call `i` (0-based) with; 0: no answer.
  using plan_fn = std::function<unsigned(size_t)>;

  explicit webhook_receiver(plan_fn plan = [](size_t) { return 200u; })
      : plan_(std::move(plan)), acceptor_(ioc_) {
    namespace net = boost::asio;
    net::ip::tcp::endpoint ep{net::ip::make_address("127.0.0.1"), 0};
    acceptor_.open(ep.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    accept();
    thread_ = std::thread{[this] { ioc_.run(); }};
  }

  ~webhook_receiver() {
    ioc_.stop();
    thread_.join();
  }

  uint16_t port() const { return port_; }

  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  /// Bodies of the requests read so far, in arrival order.
  std::vector<std::string> bodies() const {
    std::lock_guard guard{mtx_};
    return bodies_;
  }

  size_t calls() const {
    std::lock_guard guard{mtx_};
    return bodies_.size();
  }

  /// Waits until at least `n` requests were read (or `timeout` passed).
  bool wait_calls(size_t n,
                  std::chrono::milliseconds timeout = std::chrono::seconds{
                      20}) const {
    std::unique_lock guard{mtx_};
    return cv_.wait_for(guard, timeout, [&] { return bodies_.size() >= n; });
  }

 private:
  struct conn {
    explicit conn(boost::asio::ip::tcp::socket s) : stream(std::move(s)) {}
    boost::beast::tcp_stream stream;
    boost::beast::flat_buffer buf;
    boost::beast::http::request<boost::beast::http::string_body> req;
    boost::beast::http::response<boost::beast::http::string_body> res;
  };

  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec,
                                  boost::asio::ip::tcp::socket s) {
      if (ec)
        return;
      auto c = std::make_shared<conn>(std::move(s));
      held_.push_back(c);
      boost::beast::http::async_read(
          c->stream, c->buf, c->req,
          [this, c](boost::system::error_code ec, size_t) {
            if (ec)
              return;
            size_t i = 0;
            {
              std::lock_guard guard{mtx_};
              i = bodies_.size();
              bodies_.push_back(c->req.body());
            }
            cv_.notify_all();
            auto status = plan_(i);
            if (status == 0)
              return; // held open in held_ until the receiver stops
            c->res.result(status);
            c->res.version(11);
            c->res.keep_alive(false);
            c->res.body() = "{}";
            c->res.prepare_payload();
            boost::beast::http::async_write(
                c->stream, c->res, [c](boost::system::error_code ec, size_t) {
                  c->stream.socket().shutdown(
                      boost::asio::ip::tcp::socket::shutdown_both, ec);
                });
          });
      accept();
    });
  }

  plan_fn plan_;
  boost::asio::io_context ioc_{1};
  boost::asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::vector<std::shared_ptr<conn>> held_; // only on the receiver's thread
  std::thread thread_;
  mutable std::mutex mtx_;
  mutable std::condition_variable cv_;
  std::vector<std::string> bodies_;
};

} // namespace timeless::test
