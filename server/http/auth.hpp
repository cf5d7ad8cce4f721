#pragma once

// Bearer-token authentication of `timeless serve` (--auth-token-file).
//
// The token file: one token per line, optionally preceded by its scope and
// a space; blank lines and lines starting with '#' are ignored.
//
//   # full access (reads and writes)
//   3f9a0c1e5b7d2a4c6e8f0a1b2c3d4e5f
//   read  0a1b2c3d4e5f60718293a4b5c6d7e8f9
//   write 99887766554433221100aabbccddeeff
//
// Scopes: `all` (the default), `read` (GET and HEAD requests, and the query
// routes' POST forms), `write` (everything else: imports, creating and
// deleting objects, admin routes). A token is 16 to 4096 printable ASCII
// characters without spaces; a shorter one is refused as too easy to guess.
//
// Clients send `Authorization: Bearer <token>`, or HTTP Basic with the
// token as the password (any user name), which browsers and Grafana speak.
// Every route but /health needs a token once the file is given. Tokens are
// compared in time that does not depend on where they differ.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

namespace timeless::server {

/// What a request needs, or a token allows.
enum class access : uint8_t { read = 1, write = 2, all = 3 };

/// The tokens of a server; empty means authentication is off.
struct auth_tokens {
  struct entry {
    access scope = access::all;
    std::string token;
  };
  std::vector<entry> entries;

  bool enabled() const { return !entries.empty(); }
};

/// Reads the lines of a token file (format above). Errors name the line.
caf::expected<auth_tokens> parse_auth_tokens(std::string_view text);

/// Reads a token file from disk (format above). Errors name the file.
caf::expected<auth_tokens> load_auth_tokens(const std::string& path);

/// The outcome of checking a request.
enum class auth_status : uint8_t {
  /// The token allows the request (or authentication is off).
  allowed,
  /// No usable Authorization header: 401.
  missing,
  /// A token that is not in the file: 401.
  unknown_token,
  /// A known token whose scope does not cover the request: 403.
  forbidden,
};

/// Checks the `Authorization` header value of a request that needs `need`.
auth_status check_auth(const auth_tokens& tokens, std::string_view header,
                       access need);

/// `a == b`, in time that depends only on the lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

} // namespace timeless::server
