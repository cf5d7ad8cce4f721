#include "test/server/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace test_http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct client::impl {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
};

client::client(uint16_t port) : impl_(std::make_unique<impl>()) {
  impl_->stream.connect(tcp::endpoint{net::ip::address_v4::loopback(), port});
}

client::~client() {
  beast::error_code ec;
  impl_->stream.socket().shutdown(tcp::socket::shutdown_both, ec);
}

response client::send(http::verb method, const std::string& target,
                      std::string body, const headers& hs) {
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  for (auto& [f, v] : hs)
    req.set(f, v);
  req.body() = std::move(body);
  req.prepare_payload();
  http::write(impl_->stream, req);
  return read();
}

response client::read() {
  http::response_parser<http::string_body> p;
  p.body_limit(1ull << 32);
  http::read(impl_->stream, impl_->buffer, p);
  return p.release();
}

void client::write_raw(const std::string& bytes) {
  net::write(impl_->stream.socket(), net::buffer(bytes));
}

std::string client::read_to_end(beast::error_code& ec) {
  std::string out;
  char buf[4096];
  for (;;) {
    auto n = impl_->stream.socket().read_some(net::buffer(buf), ec);
    out.append(buf, n);
    if (ec)
      return out;
  }
}

} // namespace test_http
