#pragma once

// Base64 (RFC 4648 §4, the standard alphabet with '=' padding), decoding
// only: HTTP Basic credentials.

#include <optional>
#include <string>
#include <string_view>

namespace timeless::formats {

/// Decodes `text`; nullopt when it is not canonical base64 (a character
/// outside the alphabet, a length that is not a multiple of 4, padding
/// anywhere but at the end, or non-zero bits in the padding).
std::optional<std::string> base64_decode(std::string_view text);

} // namespace timeless::formats
