#pragma once

// UTF-8 validation (RFC 3629): the byte-level check the store applies to
// label values and the JSON writer applies before writing a string.
//
// A valid sequence is one of
//   00..7F
//   C2..DF 80..BF
//   E0 A0..BF 80..BF | E1..EC 80..BF 80..BF | ED 80..9F 80..BF
//                    | EE..EF 80..BF 80..BF
//   F0 90..BF 80..BF 80..BF | F1..F3 80..BF 80..BF 80..BF
//                           | F4 80..8F 80..BF 80..BF
// so overlong forms (C0, C1, E0 80..9F, F0 80..8F), UTF-16 surrogates
// (ED A0..BF) and code points past U+10FFFF (F4 90.., F5..FF) are invalid.

#include <cstddef>
#include <string_view>

namespace timeless::utf8 {

/// Returns the length (1-4) of the valid sequence at the start of `x`, or 0
/// if `x` is empty or does not start with a valid sequence.
size_t sequence_length(std::string_view x);

/// Returns the offset of the first byte that does not start a valid
/// sequence, or `x.size()` if all of `x` is valid UTF-8.
size_t first_invalid(std::string_view x);

/// True if all of `x` is valid UTF-8.
inline bool valid(std::string_view x) {
  return first_invalid(x) == x.size();
}

} // namespace timeless::utf8
