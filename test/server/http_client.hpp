#pragma once

// A blocking HTTP/1.1 client on Beast for the server's tests, plus raw
// socket access for requests Beast would not write (stalled, hand-chunked).

#include <string>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace test_http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

using response = http::response<http::string_body>;
using headers = std::vector<std::pair<http::field, std::string>>;

/// One connection to 127.0.0.1:port.
class client {
 public:
  explicit client(uint16_t port) : stream_(ioc_) {
    stream_.connect(tcp::endpoint{net::ip::address_v4::loopback(), port});
  }

  ~client() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  }

  /// Sends one request and reads its answer (chunked ones too).
  response send(http::verb method, const std::string& target,
                std::string body = {}, const headers& hs = {}) {
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (auto& [f, v] : hs)
      req.set(f, v);
    req.body() = std::move(body);
    req.prepare_payload();
    http::write(stream_, req);
    return read();
  }

  /// Reads one answer.
  response read() {
    http::response_parser<http::string_body> p;
    p.body_limit(1ull << 32);
    http::read(stream_, buffer_, p);
    return p.release();
  }

  /// Writes raw bytes.
  void write_raw(const std::string& bytes) {
    net::write(stream_.socket(), net::buffer(bytes));
  }

  /// Reads until the server closes; returns what came.
  std::string read_to_end(beast::error_code& ec) {
    std::string out;
    char buf[4096];
    for (;;) {
      auto n = stream_.socket().read_some(net::buffer(buf), ec);
      out.append(buf, n);
      if (ec)
        return out;
    }
  }

 private:
  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

/// One request on a fresh connection.
inline response request(uint16_t port, http::verb method,
                        const std::string& target, std::string body = {},
                        const headers& hs = {}) {
  client c{port};
  return c.send(method, target, std::move(body), hs);
}

/// Percent-encodes every byte outside [A-Za-z0-9] (a query parameter).
inline std::string url_encode(std::string_view x) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(x.size() * 3);
  for (auto c : x) {
    auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9')) {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 15];
    }
  }
  return out;
}

} // namespace test_http
