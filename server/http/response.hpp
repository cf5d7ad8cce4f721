#pragma once

// Building answers: plain and JSON bodies, the error bodies of the
// original's routes (`{"error":"..."}`) and of the Prometheus API
// (`{"status":"error","errorType":"bad_data","error":"..."}`).

#include <string>
#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>

namespace timeless::server {

namespace http = boost::beast::http;

/// A response with `body` and `content_type` (HTTP/1.1; the connection
/// sets keep-alive and the length).
http::response<http::string_body> make_response(http::status status,
                                                std::string_view content_type,
                                                std::string body);

/// `{"error":"<msg>"}` with `status`.
http::response<http::string_body> error_response(http::status status,
                                                 std::string_view msg);

/// `{"status":"error","errorType":"<type>","error":"<msg>"}`.
http::response<http::string_body> prom_error_response(http::status status,
                                                      std::string_view type,
                                                      std::string_view msg);

/// `{"status":"success","data":<data_json>}` with 200.
http::response<http::string_body> prom_success(std::string_view data_json);

} // namespace timeless::server
