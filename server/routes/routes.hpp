#pragma once

// The server's route table: every route group registers itself here.

#include "server/routes/router.hpp"

namespace timeless::server {

/// Adds the import routes (routes/ingest.cpp).
void add_ingest_routes(router& r);

/// Adds `/api/v1/export` (routes/export.cpp).
void add_export_routes(router& r);

/// Adds labels, label values and series (routes/labels.cpp).
void add_label_routes(router& r);

/// Adds `/health` and `/metrics` (routes/health.cpp).
void add_health_routes(router& r);

/// Adds `/api/v1/query` and `/api/v1/query_range` (query/query_routes.cpp).
void add_query_routes(router& r);

/// Adds the dashboard, `/` (routes/dashboard.cpp).
void add_dashboard_routes(router& r);
/// Adds `/chart` (routes/chart.cpp).
void add_chart_routes(router& r);
/// Adds `/api/v1/metadata` (routes/metadata.cpp).
void add_metadata_routes(router& r);

/// Adds `/api/v1/annotations` (routes/annotations.cpp).
void add_annotation_routes(router& r);

/// Adds the alert rules and `/api/v1/alerts` (routes/alerts.cpp).
void add_alert_routes(router& r);
/// Adds `/api/v1/admin/backup` (routes/admin.cpp).
void add_admin_routes(router& r);

/// Every route of the server.
router make_router();

} // namespace timeless::server
