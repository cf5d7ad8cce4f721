#include "server/http/params.hpp"

#include "formats/error_text.hpp"
#include "timeless/error.hpp"

namespace timeless::server {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

} // namespace

void append_percent_encoded(std::string& out, std::string_view x) {
  constexpr char hex[] = "0123456789ABCDEF";
  for (auto ch : x) {
    auto c = static_cast<unsigned char>(ch);
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                 (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                 c == '~';
    if (plain) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
}

caf::expected<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else {
      int hi = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
      int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (hi < 0 || lo < 0)
        return make_error(errc::invalid_argument,
                          "bad percent escape at position " +
                              std::to_string(i) +
                              ": '%' must be followed by two hex digits");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    }
  }
  return out;
}

caf::error request_params::parse(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> found;
  size_t offset = 0;
  while (!text.empty()) {
    auto amp = text.find('&');
    auto pair = text.substr(0, amp);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      auto name = percent_decode(pair.substr(0, eq));
      if (!name)
        return make_error(errc::invalid_argument,
                          "parameter at offset " + std::to_string(offset) +
                              ": " + formats::error_text(name.error()));
      std::string value;
      if (eq != std::string_view::npos) {
        auto v = percent_decode(pair.substr(eq + 1));
        if (!v)
          return make_error(errc::invalid_argument,
                            "value of parameter '" + *name +
                                "': " + formats::error_text(v.error()));
        value = std::move(*v);
      }
      found.emplace_back(std::move(*name), std::move(value));
    }
    if (amp == std::string_view::npos)
      break;
    text.remove_prefix(amp + 1);
    offset += amp + 1;
  }
  for (auto& p : found)
    pairs_.push_back(std::move(p));
  return {};
}

std::optional<std::string_view>
request_params::get(std::string_view name) const {
  for (auto& [k, v] : pairs_)
    if (k == name)
      return std::string_view{v};
  return std::nullopt;
}

std::vector<std::string_view> request_params::all(std::string_view name) const {
  std::vector<std::string_view> out;
  for (auto& [k, v] : pairs_)
    if (k == name)
      out.emplace_back(v);
  return out;
}

std::pair<std::string_view, std::string_view>
split_target(std::string_view target) {
  auto q = target.find('?');
  if (q == std::string_view::npos)
    return {target, {}};
  return {target.substr(0, q), target.substr(q + 1)};
}

} // namespace timeless::server
