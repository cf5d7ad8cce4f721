#include "server/http/response.hpp"

#include <boost/beast/http/field.hpp>

#include "formats/json_writer.hpp"

namespace timeless::server {

http::response<http::string_body> make_response(http::status status,
                                                std::string_view content_type,
                                                std::string body) {
  http::response<http::string_body> res{status, 11};
  if (!content_type.empty())
    res.set(http::field::content_type, content_type);
  res.body() = std::move(body);
  return res;
}

http::response<http::string_body> error_response(http::status status,
                                                 std::string_view msg) {
  std::string body = "{\"error\":";
  formats::append_json_string(body, msg);
  body += "}\n";
  return make_response(status, "application/json", std::move(body));
}

http::response<http::string_body> prom_error_response(http::status status,
                                                      std::string_view type,
                                                      std::string_view msg) {
  std::string body = "{\"status\":\"error\",\"errorType\":";
  formats::append_json_string(body, type);
  body += ",\"error\":";
  formats::append_json_string(body, msg);
  body += "}\n";
  return make_response(status, "application/json", std::move(body));
}

http::response<http::string_body> prom_success(std::string_view data_json) {
  std::string body = "{\"status\":\"success\",\"data\":";
  body += data_json;
  body += "}\n";
  return make_response(http::status::ok, "application/json", std::move(body));
}

} // namespace timeless::server
