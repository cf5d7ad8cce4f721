// Annotations over HTTP (the store's catalog, timeless/catalog.hpp):
//
//   POST   /api/v1/annotations       {"title":"deploy" (required),
//                                     "timestamp":1700000000 (seconds,
//                                     fractions to ms; default now),
//                                     "description":"..","tags":["a"]}
//                                     -> 201 {"id":n,"status":"created"}
//   GET    /api/v1/annotations       ?from=&to=&tags=a,b: from (default
//                                     now - 24 h) and to (default now) in
//                                     every form of formats/time_parse.hpp
//                                     (seconds, ms, RFC 3339, -1h), both
//                                     inclusive; tags: any of them ->
//                                     {"status":"success","data":[{"id",
//                                     "timestamp" (seconds),"title",
//                                     "description","tags"}]} by time
//   DELETE /api/v1/annotations/<id>  -> 200 {"status":"deleted"}; 404
//                                     naming the id if there is none (the
//                                     original answered 200); 400 for an id
//                                     that is not an integer.
// Errors: {"error":"..."} naming the problem.

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "formats/error_text.hpp"
#include "formats/json_writer.hpp"
#include "formats/time_parse.hpp"
#include "server/http/response.hpp"
#include "server/routes/common.hpp"
#include "server/routes/json_body.hpp"
#include "server/routes/routes.hpp"
#include "server/routes/series_params.hpp"

namespace timeless::server {

namespace {

constexpr int64_t default_window_ms = 86'400'000;

response_type bad(std::string msg) {
  return error_response(http::status::bad_request, std::move(msg));
}

/// Seconds as JSON: an integer for whole seconds, else with milliseconds.
void append_seconds(std::string& out, int64_t ms) {
  auto s = ms / 1000;
  auto rem = ms % 1000;
  if (rem < 0) {
    s -= 1;
    rem += 1000;
  }
  out += std::to_string(s);
  if (rem != 0) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%03d", static_cast<int>(rem));
    std::string frac{buf};
    while (frac.back() == '0')
      frac.pop_back();
    out += frac;
  }
}

/// Reads the body of a POST into `a`; an error text on failure.
std::string read_annotation(std::string_view body, annotation& a) {
  json_object obj;
  if (auto err = parse_json_object(body, obj); !err.empty())
    return "bad JSON body: " + err;
  auto it = obj.find("title");
  if (it == obj.end() || it->second.type == json_member::kind::null)
    return "\"title\" is required";
  if (it->second.type != json_member::kind::string)
    return std::string{"\"title\" must be a string, not "} +
           kind_name(it->second.type);
  a.title = it->second.text;
  if (a.title.empty())
    return "\"title\" must not be empty";
  if (it = obj.find("description");
      it != obj.end() && it->second.type != json_member::kind::null) {
    if (it->second.type != json_member::kind::string)
      return std::string{"\"description\" must be a string, not "} +
             kind_name(it->second.type);
    a.description = it->second.text;
  }
  if (it = obj.find("tags");
      it != obj.end() && it->second.type != json_member::kind::null) {
    if (it->second.type != json_member::kind::strings)
      return std::string{"\"tags\" must be an array of strings, not "} +
             kind_name(it->second.type);
    a.tags = it->second.items;
  }
  if (it = obj.find("timestamp");
      it != obj.end() && it->second.type != json_member::kind::null) {
    if (it->second.type != json_member::kind::number)
      return std::string{"\"timestamp\" must be a number of seconds, not "} +
             kind_name(it->second.type);
    double secs = 0;
    auto& t = it->second.text;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), secs);
    double ms = std::round(secs * 1000.0);
    // 2^63 ms is about 2.9e8 years: well beyond any real timestamp.
    if (ec != std::errc{} || p != t.data() + t.size() || !std::isfinite(ms) ||
        std::fabs(ms) >= 9.2e18)
      return "\"timestamp\" " + t + " is not a representable time in seconds";
    a.ts = static_cast<int64_t>(ms);
  }
  return {};
}

void post_annotation(const exchange_ptr& x) {
  annotation a;
  a.ts = system_now_ms();
  if (auto err = read_annotation(x->req.body(), a); !err.empty()) {
    x->reply(bad(std::move(err)));
    return;
  }
  x->env.bridge.ask<int64_t>(
      x->ex,
      [x](caf::expected<int64_t> id) {
        if (!id) {
          x->reply(store_failure(id.error(), false));
          return;
        }
        x->reply(make_response(http::status::created, "application/json",
                               "{\"id\":" + std::to_string(*id) +
                                   ",\"status\":\"created\"}\n"));
      },
      add_note_atom::value, std::move(a));
}

void get_annotations(const exchange_ptr& x) {
  auto now = system_now_ms();
  annotation_query q;
  q.from = now - default_window_ms;
  q.to = now;
  for (auto [name, out] :
       {std::pair{"from", &q.from}, std::pair{"to", &q.to}}) {
    if (auto v = x->params.get(name)) {
      auto t = formats::parse_time_ms(*v, now);
      if (!t) {
        x->reply(bad(std::string{"bad "} + name + ": " +
                     formats::error_text(t.error())));
        return;
      }
      *out = *t;
    }
  }
  if (auto v = x->params.get("tags")) {
    size_t pos = 0;
    while (pos <= v->size()) {
      auto comma = v->find(',', pos);
      if (comma == std::string_view::npos)
        comma = v->size();
      if (comma > pos)
        q.tags.emplace_back(v->substr(pos, comma - pos));
      pos = comma + 1;
    }
  }
  x->env.bridge.ask<std::vector<annotation>>(
      x->ex,
      [x](caf::expected<std::vector<annotation>> res) {
        if (!res) {
          x->reply(store_failure(res.error(), false));
          return;
        }
        std::string out = "{\"status\":\"success\",\"data\":[";
        for (size_t i = 0; i < res->size(); ++i) {
          auto& a = (*res)[i];
          out += i == 0 ? "{\"id\":" : ",{\"id\":";
          out += std::to_string(a.id);
          out += ",\"timestamp\":";
          append_seconds(out, a.ts);
          out += ",\"title\":";
          formats::append_json_string(out, a.title);
          out += ",\"description\":";
          formats::append_json_string(out, a.description);
          out += ",\"tags\":[";
          for (size_t k = 0; k < a.tags.size(); ++k) {
            if (k != 0)
              out += ',';
            formats::append_json_string(out, a.tags[k]);
          }
          out += "]}";
        }
        out += "]}\n";
        x->reply(make_response(http::status::ok, "application/json",
                               std::move(out)));
      },
      get_notes_atom::value, std::move(q));
}

void delete_annotation(const exchange_ptr& x) {
  auto id = captured_id(x, "an annotation");
  if (!id)
    return;
  x->env.bridge.ask<bool>(
      x->ex,
      [x, id = *id](caf::expected<bool> found) {
        answer_delete(x, "annotation", id, found);
      },
      del_note_atom::value, *id);
}

} // namespace

void add_annotation_routes(router& r) {
  r.add("/api/v1/annotations", {http::verb::get, http::verb::post},
        [](const exchange_ptr& x) {
          if (x->req.method() == http::verb::post)
            post_annotation(x);
          else
            get_annotations(x);
        });
  r.add("/api/v1/annotations/<id>", {http::verb::delete_}, delete_annotation);
}

} // namespace timeless::server
