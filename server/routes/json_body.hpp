#pragma once

// Request bodies of the operator routes: one flat JSON object whose members
// are strings, numbers, null, booleans or arrays of strings.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace timeless::server {

/// One member of a flat JSON object.
struct json_member {
  enum class kind : uint8_t { string, number, null, boolean, strings };
  kind type = kind::null;
  /// A string's value, a number's text, "true" or "false".
  std::string text;
  /// The items of an array of strings.
  std::vector<std::string> items;
};

using json_object = std::map<std::string, json_member, std::less<>>;

/// Parses `body` into `out`. Returns an empty string, or what is wrong
/// with the byte offset ("expected ':' at byte 12"); a member given twice
/// is an error, as is anything nested but an array of strings.
std::string parse_json_object(std::string_view body, json_object& out);

/// The name of a member's kind for error messages ("a string", ...).
const char* kind_name(json_member::kind k);

} // namespace timeless::server
