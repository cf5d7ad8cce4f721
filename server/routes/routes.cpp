#include "server/routes/routes.hpp"

#include "server/http/response.hpp"

namespace timeless::server {

void add_query_placeholders(router& r) {
  for (auto path : {"/api/v1/query", "/api/v1/query_range"}) {
    r.add(path, {http::verb::get, http::verb::post}, [](const exchange_ptr& x) {
      x->reply(prom_error_response(
          http::status::not_implemented, "not_implemented",
          "PromQL queries are not implemented yet in this server; use "
          "/api/v1/export for raw points"));
    });
  }
}

router make_router() {
  router r;
  add_ingest_routes(r);
  add_export_routes(r);
  add_label_routes(r);
  add_health_routes(r);
  add_query_placeholders(r);
  return r;
}

} // namespace timeless::server
