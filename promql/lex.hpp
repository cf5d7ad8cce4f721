#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace timeless::promql {

/// Token kinds of PromQL (Prometheus 2.42 parser/lex.go). Keywords
/// (`and`, `by`, `sum`, ...) arrive as `identifier` and the parser decides
/// by context, so label names may be keywords as Prometheus allows.
enum class token_kind {
  eof,
  identifier, ///< [a-zA-Z_:][a-zA-Z0-9_:]*
  number,     ///< decimal, hex (0x1f), exponent; Inf/NaN are identifiers
  duration,   ///< 5m, 1h30m, 100ms: units y w d h m s ms, largest first
  string,     ///< "..", '..' with Go escapes, `..` raw; text is unquoted
  lbrace,
  rbrace,
  lparen,
  rparen,
  lbracket,
  rbracket,
  comma,
  colon,
  at,
  assign,    ///< =
  eql,       ///< ==
  neq,       ///< !=
  lss,       ///< <
  lte,       ///< <=
  gtr,       ///< >
  gte,       ///< >=
  eql_regex, ///< =~
  neq_regex, ///< !~
  add,
  sub,
  mul,
  div,
  mod,
  pow,
};

/// One token: its kind, its text (unquoted for strings) and its byte
/// offset in the input.
struct token {
  token_kind kind = token_kind::eof;
  std::string text;
  size_t pos = 0;
};

/// The result of `lex`: the tokens (ending with `eof`) or an error at a
/// byte offset.
struct lex_result {
  std::vector<token> tokens;
  bool ok = true;
  size_t error_pos = 0;
  std::string error;
};

/// Splits a PromQL expression into tokens. `#` starts a comment to the end
/// of the line.
lex_result lex(std::string_view input);

/// Parses a duration `[0-9]+unit(...)` as model.ParseDuration does (units
/// y=365d, w, d, h, m, s, ms, each at most once and largest first) into
/// milliseconds; false on bad syntax or overflow.
bool parse_duration(std::string_view s, int64_t& ms);

/// Prints milliseconds as a Prometheus duration (`1h30m`, `0s`).
std::string format_duration(int64_t ms);

/// A printable name of a token kind for error messages.
std::string_view describe(token_kind k);

} // namespace timeless::promql
