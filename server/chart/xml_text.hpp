#pragma once

// Text from outside (metric names, label values, annotation titles) made
// safe for an XML document such as the charts' SVG. The output is always
// well-formed XML character data, usable in element content and in
// attribute values under either quote:
//
// - `&` `<` `>` `"` `'` become `&amp;` `&lt;` `&gt;` `&quot;` `&apos;`;
// - tab, line feed and carriage return become `&#9;` `&#10;` `&#13;` (so
//   an attribute keeps them; a renderer shows them as spaces);
// - each byte that does not start a valid UTF-8 sequence (a stray
//   continuation byte, a truncated or overlong sequence, an encoded
//   surrogate, a code point beyond U+10FFFF) becomes U+FFFD, and so does
//   each code point XML 1.0 forbids: the C0 controls other than tab, line
//   feed and carriage return, and U+FFFE, U+FFFF;
// - at most `max_chars` code points are kept: a longer text is cut to
//   `max_chars - 1` of them followed by "…" (U+2026).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace timeless::chart {

/// No limit on the length of a text.
inline constexpr size_t unlimited = SIZE_MAX;

/// Appends `raw` to `out` as escaped, valid XML text (see above).
void append_xml_text(std::string& out, std::string_view raw,
                     size_t max_chars = unlimited);

/// `raw` as escaped, valid XML text.
std::string xml_text(std::string_view raw, size_t max_chars = unlimited);

/// The number of code points `append_xml_text(out, raw, max_chars)` writes
/// before escaping (the length a reader sees), for laying out text.
size_t text_length(std::string_view raw, size_t max_chars = unlimited);

/// Appends `raw` for the inside of an XML comment: as `append_xml_text`,
/// with each '-' written as '_' so that the comment never holds "--" nor
/// ends with '-'.
void append_comment_text(std::string& out, std::string_view raw);

} // namespace timeless::chart
