#include "server/routes/json_body.hpp"

#include "formats/json_reader.hpp"

namespace timeless::server {

namespace {

std::string at(const char* what, size_t pos) {
  return std::string{what} + " at byte " + std::to_string(pos);
}

} // namespace

const char* kind_name(json_member::kind k) {
  switch (k) {
    case json_member::kind::string:
      return "a string";
    case json_member::kind::number:
      return "a number";
    case json_member::kind::null:
      return "null";
    case json_member::kind::boolean:
      return "a boolean";
    case json_member::kind::strings:
      return "an array of strings";
  }
  return "a value";
}

std::string parse_json_object(std::string_view body, json_object& out) {
  out.clear();
  formats::json_reader r{body};
  if (!r.consume('{'))
    return at("expected a JSON object", r.pos());
  bool first = true;
  while (!r.consume('}')) {
    if (!first && !r.consume(','))
      return at("expected ',' or '}'", r.pos());
    first = false;
    std::string key;
    if (r.peek() != '"')
      return at("expected a member name", r.pos());
    if (auto err = r.read_string(key))
      return at(err, r.pos());
    if (!r.consume(':'))
      return at("expected ':'", r.pos());
    if (out.contains(key))
      return "member \"" + key + "\" is given twice";
    json_member m;
    char c = r.peek();
    if (c == '"') {
      m.type = json_member::kind::string;
      if (auto err = r.read_string(m.text))
        return at(err, r.pos());
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      m.type = json_member::kind::number;
      std::string_view num;
      if (auto err = r.read_number(num))
        return at(err, r.pos());
      m.text = std::string{num};
    } else if (r.consume_word("null")) {
      m.type = json_member::kind::null;
    } else if (r.consume_word("true")) {
      m.type = json_member::kind::boolean;
      m.text = "true";
    } else if (r.consume_word("false")) {
      m.type = json_member::kind::boolean;
      m.text = "false";
    } else if (r.consume('[')) {
      m.type = json_member::kind::strings;
      bool first_item = true;
      while (!r.consume(']')) {
        if (!first_item && !r.consume(','))
          return at("expected ',' or ']'", r.pos());
        first_item = false;
        if (r.peek() != '"')
          return "member \"" + key + "\" must hold only strings";
        std::string item;
        if (auto err = r.read_string(item))
          return at(err, r.pos());
        m.items.push_back(std::move(item));
      }
    } else {
      return "member \"" + key + "\": " +
             at("expected a string, number, boolean, null or array", r.pos());
    }
    out.emplace(std::move(key), std::move(m));
  }
  if (!r.at_end())
    return at("unexpected text after the object", r.pos());
  return {};
}

} // namespace timeless::server
