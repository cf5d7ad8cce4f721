#pragma once

// UTF-8 validation, and JSON strings that are always valid UTF-8.
//
// A well-formed UTF-8 sequence is one of (Unicode 15, table 3-7):
//
//   U+0000..U+007F     00..7F
//   U+0080..U+07FF     C2..DF  80..BF
//   U+0800..U+0FFF     E0      A0..BF  80..BF
//   U+1000..U+CFFF     E1..EC  80..BF  80..BF
//   U+D000..U+D7FF     ED      80..9F  80..BF
//   U+E000..U+FFFF     EE..EF  80..BF  80..BF
//   U+10000..U+3FFFF   F0      90..BF  80..BF  80..BF
//   U+40000..U+FFFFF   F1..F3  80..BF  80..BF  80..BF
//   U+100000..U+10FFFF F4      80..8F  80..BF  80..BF
//
// so overlong forms (C0, C1, E0 80..9F, F0 80..8F), surrogates (ED A0..BF),
// code points above U+10FFFF (F4 90.., F5..FF) and truncated sequences are
// ill-formed. Ill-formed input is replaced as Unicode recommends ("maximal
// subparts", section 3.9): each maximal prefix of a well-formed sequence
// that cannot be completed, and each other invalid byte, becomes one U+FFFD.

#include <cstddef>
#include <string>
#include <string_view>

namespace timeless::formats {

/// The replacement character U+FFFD in UTF-8.
inline constexpr std::string_view utf8_replacement = "\xEF\xBF\xBD";

/// True if `x` is well-formed UTF-8 (the empty string is). Checks eight
/// ASCII bytes at a time.
bool valid_utf8(std::string_view x);

/// The length of the well-formed sequence at the start of `x` (1 to 4), or
/// 0 if `x` is empty or starts ill-formed; then `*bad` (if given) is the
/// length of the maximal subpart to replace by one U+FFFD (at least 1).
size_t utf8_sequence(std::string_view x, size_t* bad = nullptr);

/// Appends `x` with every ill-formed part replaced by U+FFFD.
void append_utf8_sanitized(std::string& out, std::string_view x);

/// Appends `x` as a JSON string as `append_json_string` (json_writer.hpp)
/// does (`"` and `\` escaped, control characters as \n, \r, \t, \b, \f or
/// \u00XX) and with every ill-formed part replaced by U+FFFD, so that the
/// result is always valid JSON in valid UTF-8.
void append_json_string_utf8(std::string& out, std::string_view x);

} // namespace timeless::formats
