// GET /chart: an SVG line chart of one metric (server/chart/svg_chart.hpp),
// the original's route. Parameters in chart_params.hpp.
//
// The points come from the store's bucketed aggregates (`agg_atom`), so
// the store's query router answers from the rollup tiers where retention
// already deleted the raw points: a 30-day chart reads tier rows, not
// raw points. Series are ordered by their labels; at most
// `max_chart_series` are drawn, and the answer says how many of how many
// in the header `X-Timeless-Chart-Series` ("50 of 73") and, when some are
// left out, in a note on the chart and a comment at the top of the SVG.
// The annotations in the range are drawn as dashed lines.
//
// 200 `image/svg+xml; charset=utf-8` with `Cache-Control: public,
// max-age=60`; 400 for a bad parameter (`{"error":"..."}`, e.g. `missing
// required parameter: metric`); store failures as every route
// (common.hpp).

#include <algorithm>
#include <string>
#include <vector>

#include "formats/error_text.hpp"
#include "server/chart/svg_chart.hpp"
#include "server/http/response.hpp"
#include "server/routes/chart_params.hpp"
#include "server/routes/common.hpp"
#include "server/routes/routes.hpp"
#include "server/routes/series_params.hpp"

namespace timeless::server {

namespace {

using notes_fn = std::function<void(std::vector<annotation>)>;

/// The annotations with from <= ts <= to, handed to `done` on the
/// exchange's strand. The catalog's `get_notes_atom` (annotation_query ->
/// std::vector<annotation>) is not part of `store_actor` yet, so this
/// answers none for now; the lead wires it on merge:
///
///   x->env.bridge.ask<std::vector<annotation>>(
///       x->ex,
///       [done](caf::expected<std::vector<annotation>> notes) {
///         // A failing catalog costs the chart its annotations, not the
///         // chart.
///         done(notes ? std::move(*notes) : std::vector<annotation>{});
///       },
///       get_notes_atom::value, annotation_query{from, to, {}});
void fetch_annotations(const exchange_ptr& x, int64_t from, int64_t to,
                       notes_fn done) {
  (void)x;
  (void)from;
  (void)to;
  done({});
}

bool labels_less(const series_buckets& a, const series_buckets& b) {
  return std::lexicographical_compare(
      a.labels.begin(), a.labels.end(), b.labels.begin(), b.labels.end(),
      [](const label& l, const label& r) {
        return l.name != r.name ? l.name < r.name : l.value < r.value;
      });
}

/// The series to draw, sorted by labels, at most `max_chart_series`.
std::vector<chart::chart_series> to_chart(std::vector<series_buckets>& found) {
  std::sort(found.begin(), found.end(), labels_less);
  std::vector<chart::chart_series> out;
  auto n = std::min(found.size(), max_chart_series);
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    chart::chart_series s;
    s.labels = std::move(found[i].labels);
    s.ts.reserve(found[i].buckets.size());
    s.values.reserve(found[i].buckets.size());
    for (auto& b : found[i].buckets) {
      s.ts.push_back(b.bucket);
      s.values.push_back(b.value);
    }
    out.push_back(std::move(s));
  }
  return out;
}

void chart_route(const exchange_ptr& x) {
  auto req = parse_chart_request(x->params, system_now_ms());
  if (!req) {
    x->reply(error_response(http::status::bad_request,
                            formats::error_text(req.error())));
    return;
  }
  auto r = std::make_shared<chart_request>(std::move(*req));
  agg_query q{r->sel, r->from, r->to, r->step, r->fn};
  x->env.bridge.ask<std::vector<series_buckets>>(
      x->ex,
      [x, r](caf::expected<std::vector<series_buckets>> found) {
        if (!found) {
          x->reply(store_failure(found.error(), false));
          return;
        }
        auto total = found->size();
        auto series = std::make_shared<std::vector<chart::chart_series>>(
            to_chart(*found));
        auto drawn =
            std::to_string(series->size()) + " of " + std::to_string(total);
        if (series->size() < total)
          r->opts.note = drawn + " series drawn (at most " +
                         std::to_string(max_chart_series) + ")";
        fetch_annotations(
            x, r->from, r->to,
            [x, r, series, drawn](std::vector<annotation> notes) {
              auto svg = chart::render(r->sel.metric, *series, notes, r->opts);
              auto res =
                  make_response(http::status::ok,
                                "image/svg+xml; charset=utf-8", std::move(svg));
              res.set(http::field::cache_control, "public, max-age=60");
              res.set("X-Timeless-Chart-Series", drawn);
              x->reply(std::move(res));
            });
      },
      agg_atom::value, std::move(q));
}

} // namespace

void add_chart_routes(router& r) {
  r.add("/chart", {http::verb::get}, chart_route);
}

} // namespace timeless::server
