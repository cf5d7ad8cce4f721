// GET /chart: an SVG line chart of one metric (server/chart/svg_chart.hpp),
// the original's route. Parameters in chart_params.hpp.
//
// The points come from the store's bucketed aggregates (`agg_atom`), so
// the store's query router answers from the rollup tiers where retention
// already deleted the raw points: a 30-day chart reads tier rows, not
// raw points. Series are ordered by their labels. The series the filters
// select are listed first (`series_atom`, no points read); beyond
// `max_chart_series` only the first that many by labels are read, each
// with an exact selector, so memory holds only what is drawn. The header
// `X-Timeless-Chart-Series` says how many were drawn of how many selected
// ("50 of 73"; series without points in the range count as selected, not
// drawn), and when some are left out a note on the chart and a comment at
// the top of the SVG say so.
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
/// exchange's strand. A failing catalog costs the chart its annotations,
/// not the chart.
void fetch_annotations(const exchange_ptr& x, int64_t from, int64_t to,
                       notes_fn done) {
  x->env.bridge.ask<std::vector<annotation>>(
      x->ex,
      [done](caf::expected<std::vector<annotation>> notes) {
        done(notes ? std::move(*notes) : std::vector<annotation>{});
      },
      get_notes_atom::value, annotation_query{from, to, {}});
}

bool labels_less(const label_set& a, const label_set& b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](const label& l, const label& r) {
                                        return l.name != r.name
                                                   ? l.name < r.name
                                                   : l.value < r.value;
                                      });
}

/// One chart request on its way through the store.
struct chart_job {
  exchange_ptr x;
  chart_request r;
  /// The series the filters select (with or without points in range).
  size_t total = 0;
  /// The aggregates of the series drawn.
  std::vector<series_buckets> found;
};

using job_ptr = std::shared_ptr<chart_job>;

/// Renders the series found, with the annotations, and answers.
void draw(const job_ptr& j) {
  std::sort(j->found.begin(), j->found.end(), [](const auto& a, const auto& b) {
    return labels_less(a.labels, b.labels);
  });
  std::vector<chart::chart_series> series;
  series.reserve(j->found.size());
  for (auto& f : j->found) {
    chart::chart_series s;
    s.labels = std::move(f.labels);
    s.ts.reserve(f.buckets.size());
    s.values.reserve(f.buckets.size());
    for (auto& b : f.buckets) {
      s.ts.push_back(b.bucket);
      s.values.push_back(b.value);
    }
    series.push_back(std::move(s));
  }
  j->found.clear();
  auto drawn =
      std::to_string(series.size()) + " of " + std::to_string(j->total);
  if (j->total > max_chart_series)
    j->r.opts.note = "the first " + std::to_string(max_chart_series) + " of " +
                     std::to_string(j->total) + " series";
  auto shared =
      std::make_shared<std::vector<chart::chart_series>>(std::move(series));
  fetch_annotations(
      j->x, j->r.from, j->r.to,
      [j, shared, drawn](std::vector<annotation> notes) {
        auto svg = chart::render(j->r.sel.metric, *shared, notes, j->r.opts);
        auto res = make_response(
            http::status::ok, "image/svg+xml; charset=utf-8", std::move(svg));
        res.set(http::field::cache_control, "public, max-age=60");
        res.set("X-Timeless-Chart-Series", drawn);
        j->x->reply(std::move(res));
      });
}

/// Few enough series: all of them in one aggregate request.
void read_all(const job_ptr& j) {
  agg_query q{j->r.sel, j->r.from, j->r.to, j->r.step, j->r.fn};
  j->x->env.bridge.ask<std::vector<series_buckets>>(
      j->x->ex,
      [j](caf::expected<std::vector<series_buckets>> found) {
        if (!found) {
          j->x->reply(store_failure(found.error(), false));
          return;
        }
        j->found = std::move(*found);
        draw(j);
      },
      agg_atom::value, std::move(q));
}

/// Too many series: the first `max_chart_series` by labels, each read
/// with an exact selector (its labels, and "" for every other label name
/// of the metric), so memory holds only the series drawn.
void read_first(const job_ptr& j, std::vector<series_info> infos) {
  std::sort(infos.begin(), infos.end(), [](const auto& a, const auto& b) {
    return labels_less(a.labels, b.labels);
  });
  infos.resize(max_chart_series);
  auto chosen = std::make_shared<std::vector<series_info>>(std::move(infos));
  j->x->env.bridge.ask<std::vector<std::string>>(
      j->x->ex,
      [j, chosen](caf::expected<std::vector<std::string>> names) {
        if (!names) {
          j->x->reply(store_failure(names.error(), false));
          return;
        }
        auto all =
            std::make_shared<std::vector<std::string>>(std::move(*names));
        in_sequence(
            chosen->size(),
            [j, chosen, all](size_t i, std::function<void(caf::error)> next) {
              auto& s = (*chosen)[i];
              selector exact{s.metric, {}};
              for (auto& name : *all) {
                std::string value;
                for (auto& l : s.labels)
                  if (l.name == name)
                    value = l.value;
                exact.matchers.push_back({name, match_op::eq, value});
              }
              agg_query q{std::move(exact), j->r.from, j->r.to, j->r.step,
                          j->r.fn};
              j->x->env.bridge.ask<std::vector<series_buckets>>(
                  j->x->ex,
                  [j, next](caf::expected<std::vector<series_buckets>> got) {
                    if (!got) {
                      next(std::move(got.error()));
                      return;
                    }
                    for (auto& sb : *got)
                      j->found.push_back(std::move(sb));
                    next(caf::error{});
                  },
                  agg_atom::value, std::move(q));
            },
            [j](caf::error err) {
              if (err) {
                j->x->reply(store_failure(err, false));
                return;
              }
              draw(j);
            });
      },
      lnames_atom::value, j->r.sel.metric);
}

void chart_route(const exchange_ptr& x) {
  auto req = parse_chart_request(x->params, system_now_ms());
  if (!req) {
    x->reply(error_response(http::status::bad_request,
                            formats::error_text(req.error())));
    return;
  }
  auto j = std::make_shared<chart_job>(chart_job{x, std::move(*req), 0, {}});
  // Count the series first (no points read), so that a metric with
  // thousands of series never has all of them aggregated.
  x->env.bridge.ask<std::vector<series_info>>(
      x->ex,
      [j](caf::expected<std::vector<series_info>> infos) {
        if (!infos) {
          j->x->reply(store_failure(infos.error(), false));
          return;
        }
        j->total = infos->size();
        if (j->total <= max_chart_series)
          read_all(j);
        else
          read_first(j, std::move(*infos));
      },
      series_atom::value, j->r.sel);
}

} // namespace

void add_chart_routes(router& r) {
  r.add("/chart", {http::verb::get}, chart_route);
}

} // namespace timeless::server
