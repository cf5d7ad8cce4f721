#include "server/http/auth.hpp"

#include <fstream>
#include <sstream>

#include "formats/base64.hpp"
#include "timeless/error.hpp"

namespace timeless::server {

namespace {

constexpr size_t min_token = 16;
constexpr size_t max_token = 4096;

caf::error line_error(size_t line, const std::string& what) {
  return make_error(errc::invalid_argument,
                    "token file line " + std::to_string(line) + ": " + what);
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim(std::string_view x) {
  while (!x.empty() && is_blank(x.front()))
    x.remove_prefix(1);
  while (!x.empty() && is_blank(x.back()))
    x.remove_suffix(1);
  return x;
}

bool covers(access scope, access need) {
  return (static_cast<uint8_t>(scope) & static_cast<uint8_t>(need)) ==
         static_cast<uint8_t>(need);
}

bool iequals_prefix(std::string_view x, std::string_view prefix) {
  if (x.size() < prefix.size())
    return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    auto c = x[i];
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i])
      return false;
  }
  return true;
}

} // namespace

caf::expected<auth_tokens> parse_auth_tokens(std::string_view text) {
  auth_tokens out;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    auto nl = text.find('\n');
    auto line = trim(text.substr(0, nl));
    text =
        nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.empty() || line.front() == '#')
      continue;
    auth_tokens::entry e;
    auto sp = line.find_first_of(" \t");
    if (sp != std::string_view::npos) {
      auto scope = line.substr(0, sp);
      if (scope == "read")
        e.scope = access::read;
      else if (scope == "write")
        e.scope = access::write;
      else if (scope == "all")
        e.scope = access::all;
      else
        return line_error(line_no, "unknown scope '" + std::string{scope} +
                                       "' (read, write or all)");
      line = trim(line.substr(sp + 1));
    }
    for (auto c : line)
      if (c <= ' ' || c > '~')
        return line_error(line_no, "a token is printable ASCII without spaces");
    if (line.size() < min_token)
      return line_error(line_no, "token shorter than " +
                                     std::to_string(min_token) + " characters");
    if (line.size() > max_token)
      return line_error(line_no, "token longer than " +
                                     std::to_string(max_token) + " characters");
    e.token = std::string{line};
    out.entries.push_back(std::move(e));
  }
  if (out.entries.empty())
    return make_error(errc::invalid_argument, "token file holds no token");
  return out;
}

caf::expected<auth_tokens> load_auth_tokens(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in)
    return make_error(errc::io_error, "cannot read token file " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  auto res = parse_auth_tokens(buf.str());
  if (!res)
    return make_error(errc::invalid_argument,
                      path + ": " + describe(res.error()));
  return res;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Every byte of `b` is looked at whatever `a` holds; the lengths are not
  // secret enough to hide (tokens have a fixed, known format).
  unsigned diff = a.size() == b.size() ? 0u : 1u;
  for (size_t i = 0; i < b.size(); ++i) {
    auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0u;
    diff |= x ^ static_cast<unsigned char>(b[i]);
  }
  return diff == 0;
}

auth_status check_auth(const auth_tokens& tokens, std::string_view header,
                       access need) {
  if (!tokens.enabled())
    return auth_status::allowed;
  header = trim(header);
  std::string presented;
  if (iequals_prefix(header, "bearer ")) {
    presented = std::string{trim(header.substr(7))};
  } else if (iequals_prefix(header, "basic ")) {
    auto decoded = formats::base64_decode(trim(header.substr(6)));
    if (!decoded)
      return auth_status::missing;
    auto colon = decoded->find(':');
    if (colon == std::string::npos)
      return auth_status::missing;
    presented = decoded->substr(colon + 1);
  } else {
    return auth_status::missing;
  }
  if (presented.empty())
    return auth_status::missing;
  // Look at every entry, so the time does not tell which one matched.
  bool known = false;
  bool allowed = false;
  for (auto& e : tokens.entries) {
    auto eq = constant_time_equal(presented, e.token);
    known |= eq;
    allowed |= eq && covers(e.scope, need);
  }
  if (allowed)
    return auth_status::allowed;
  return known ? auth_status::forbidden : auth_status::unknown_token;
}

} // namespace timeless::server
