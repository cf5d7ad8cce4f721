// POST /api/v1/admin/backup: an online backup of the store
// (docs/server.md). The destination is the parameter `to` (query string or
// form body) or the member "to" of a JSON object body:
//
//   curl -X POST 'localhost:8428/api/v1/admin/backup?to=/var/backups/t1'
//   curl -X POST -d '{"to":"/var/backups/t1"}'
//   localhost:8428/api/v1/admin/backup
//
// It must be an absolute path that does not exist or is an empty
// directory; the answer is 200 with the report
// {"path":...,"files":N,"bytes":N,"duration_ms":N}, 400 naming a bad or
// missing destination, or the store's failure (common.hpp). A body that
// starts with '{' is read as JSON whatever its Content-Type (curl -d sends
// JSON as a form).

#include <string>

#include "formats/error_text.hpp"
#include "formats/json_reader.hpp"
#include "formats/json_writer.hpp"
#include "server/http/response.hpp"
#include "server/routes/common.hpp"
#include "server/routes/routes.hpp"

namespace timeless::server {

namespace {

/// The member "to" of the JSON object `body`; other members are ignored.
caf::expected<std::string> json_destination(std::string_view body) {
  formats::json_reader r{body};
  auto bad = [&](const char* why) {
    return make_error(errc::invalid_argument,
                      std::string{"request body at byte "} +
                          std::to_string(r.pos()) + ": " + why);
  };
  if (!r.consume('{'))
    return bad("expected a JSON object");
  std::string to;
  bool first = true;
  while (!r.consume('}')) {
    if (!first && !r.consume(','))
      return bad("expected ',' or '}'");
    first = false;
    std::string key;
    if (auto why = r.read_string(key))
      return bad(why);
    if (!r.consume(':'))
      return bad("expected ':'");
    if (key == "to") {
      if (auto why = r.read_string(to))
        return bad(why);
    } else if (auto why = r.skip_value()) {
      return bad(why);
    }
  }
  if (!r.at_end())
    return bad("trailing bytes after the object");
  return to;
}

caf::expected<std::string> destination(const exchange& x) {
  std::string to;
  if (auto p = x.params.get("to")) {
    to = std::string{*p};
  } else if (auto& body = x.req.body();
             body.find_first_not_of(" \t\r\n") != std::string::npos &&
             body[body.find_first_not_of(" \t\r\n")] == '{') {
    auto j = json_destination(body);
    if (!j)
      return j.error();
    to = std::move(*j);
  }
  if (to.empty())
    return make_error(errc::invalid_argument,
                      "name the backup directory: parameter 'to' or a JSON "
                      "body {\"to\": \"/absolute/path\"}");
  if (to.front() != '/')
    return make_error(errc::invalid_argument,
                      "backup directory '" + to + "' is not an absolute path");
  return to;
}

std::string report_json(const backup_report& r) {
  std::string out = "{\"path\":";
  formats::append_json_string(out, r.path);
  out += ",\"files\":" + std::to_string(r.files) +
         ",\"bytes\":" + std::to_string(r.bytes) +
         ",\"duration_ms\":" + std::to_string(r.duration_ms) + "}\n";
  return out;
}

void backup(const exchange_ptr& x) {
  auto to = destination(*x);
  if (!to) {
    x->reply(error_response(http::status::bad_request,
                            formats::error_text(to.error())));
    return;
  }
  x->env.bridge.ask<backup_report>(
      x->ex,
      [x](caf::expected<backup_report> r) {
        if (!r) {
          x->reply(store_failure(r.error(), false));
          return;
        }
        x->reply(make_response(http::status::ok, "application/json",
                               report_json(*r)));
      },
      backup_atom::value, std::move(*to));
}

} // namespace

void add_admin_routes(router& r) {
  r.add("/api/v1/admin/backup", {http::verb::post}, backup);
}

} // namespace timeless::server
