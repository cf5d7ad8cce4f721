#include "server/http/limits.hpp"

#include <cctype>
#include <charconv>

#include "timeless/error.hpp"

namespace timeless::server {

namespace {

std::string lower(std::string_view x) {
  std::string out{x};
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

caf::error size_error(std::string_view text, const char* what) {
  return make_error(errc::invalid_argument,
                    "bad size '" + std::string{text} + "': " + what);
}

} // namespace

caf::expected<size_t> parse_size(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
    ++digits;
  if (digits == 0)
    return size_error(text, "expected digits, e.g. 64MiB");
  uint64_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + digits, n);
  if (ec != std::errc{} || p != text.data() + digits)
    return size_error(text, "too large");
  auto unit = lower(text.substr(digits));
  uint64_t mul = 0;
  if (unit.empty() || unit == "b")
    mul = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib")
    mul = uint64_t{1} << 10;
  else if (unit == "m" || unit == "mb" || unit == "mib")
    mul = uint64_t{1} << 20;
  else if (unit == "g" || unit == "gb" || unit == "gib")
    mul = uint64_t{1} << 30;
  else
    return size_error(text, "unknown unit (B, KiB, MiB or GiB)");
  if (n == 0)
    return size_error(text, "must be positive");
  if (n > SIZE_MAX / mul)
    return size_error(text, "too large");
  return static_cast<size_t>(n * mul);
}

caf::error parse_listen(std::string_view text, std::string& address,
                        uint16_t& port) {
  auto bad = [&](const char* what) {
    return make_error(errc::invalid_argument, "bad listen address '" +
                                                  std::string{text} +
                                                  "': " + what);
  };
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return bad("expected HOST:PORT, e.g. 127.0.0.1:8428");
  auto host = text.substr(0, colon);
  auto port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty())
    return bad("the host is empty (use 0.0.0.0 to listen on every address)");
  unsigned value = 0;
  auto [p, ec] = std::from_chars(port_text.data(),
                                 port_text.data() + port_text.size(), value);
  if (port_text.empty() || ec != std::errc{} ||
      p != port_text.data() + port_text.size() || value > 65535)
    return bad("the port must be a number from 0 to 65535");
  address = std::string{host};
  port = static_cast<uint16_t>(value);
  return {};
}

} // namespace timeless::server
