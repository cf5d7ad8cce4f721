#include "server/routes/routes.hpp"

namespace timeless::server {

router make_router() {
  router r;
  add_ingest_routes(r);
  add_export_routes(r);
  add_label_routes(r);
  add_health_routes(r);
  add_query_routes(r);
  add_dashboard_routes(r);
  add_chart_routes(r);
  add_metadata_routes(r);
  add_annotation_routes(r);
  add_alert_routes(r);
  add_admin_routes(r);
  return r;
}

} // namespace timeless::server
