#pragma once

// A blocking HTTP/1.1 client on Beast for the server's tests, plus raw
// socket access for requests Beast would not write (stalled, hand-chunked).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

namespace test_http {

namespace beast = boost::beast;
namespace http = beast::http;

using response = http::response<http::string_body>;
using headers = std::vector<std::pair<http::field, std::string>>;

/// One connection to 127.0.0.1:port. The Beast I/O lives in
/// http_client.cpp, compiled once: instantiated in every test file it made
/// each of them take about 100 s to compile under ASan.
class client {
 public:
  explicit client(uint16_t port);
  ~client();

  client(const client&) = delete;
  client& operator=(const client&) = delete;

  /// Sends one request and reads its answer (chunked ones too).
  response send(http::verb method, const std::string& target,
                std::string body = {}, const headers& hs = {});

  /// Reads one answer.
  response read();

  /// Writes raw bytes.
  void write_raw(const std::string& bytes);

  /// Reads until the server closes; returns what came.
  std::string read_to_end(beast::error_code& ec);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
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
