// The Prometheus HTTP API's metadata routes (GET, or POST with a form body
// as Grafana sends them):
//
//   /api/v1/labels                label names ("__name__" included), of the
//                                 series `match[]` selects, or of all
//   /api/v1/label/<name>/values   values of one label ("__name__": metric
//                                 names), of the `match[]` series, of
//                                 `metric=` (the original's form), or of all
//   /api/v1/series                the series `match[]` (or `metric=` plus
//                                 label filters) selects, as label objects
//
// Answers: {"status":"success","data":[...]} with sorted, unique strings
// (series in store order, each once); errors {"status":"error","errorType":
// "bad_data","error":"..."} with 400. As in Prometheus, `start`/`end`
// narrow the answers to series with a point in [start, end]
// (series_lookup.hpp); without them every series the store knows counts.
// `__name__` is a label name only when some series is selected.

#include <set>
#include <string>
#include <vector>

#include "formats/error_text.hpp"
#include "formats/json_writer.hpp"
#include "server/http/response.hpp"
#include "server/routes/common.hpp"
#include "server/routes/routes.hpp"
#include "server/routes/series_lookup.hpp"
#include "server/routes/series_params.hpp"

namespace timeless::server {

namespace {

using string_set = std::set<std::string>;

std::string json_strings(const string_set& xs) {
  std::string out = "[";
  for (auto& x : xs) {
    if (out.size() > 1)
      out += ',';
    formats::append_json_string(out, x);
  }
  out += ']';
  return out;
}

/// The selectors of `x`, or an answered error (nullopt).
std::optional<series_request> read_request(const exchange_ptr& x,
                                           bool required) {
  auto req = parse_series_request(x->params, system_now_ms(), required);
  if (!req) {
    x->reply(prom_error_response(http::status::bad_request, "bad_data",
                                 formats::error_text(req.error())));
    return std::nullopt;
  }
  return std::move(*req);
}

/// Lists the series `req` selects (each selector's series, a series two
/// select twice), calling `each` per series, then `done`; answers a store
/// failure itself.
void for_each_series(
    const exchange_ptr& x, series_request req,
    std::function<void(const std::string&, const label_set&)> each,
    std::function<void()> done) {
  auto from = req.from;
  auto to = req.to;
  auto ranged = req.ranged;
  // At most --max-series-per-query series (a series two selectors select
  // counts twice); past it the answer is 422 and the rest is not collected.
  auto limit = x->env.opts.max_series_per_query;
  auto seen = std::make_shared<size_t>(0);
  auto counted = [each, limit, seen](const std::string& metric,
                                     const label_set& labels) {
    if (++*seen <= limit)
      each(metric, labels);
  };
  resolve_selectors(
      x, std::move(req.selectors),
      [x, from, to, ranged, counted, done, limit,
       seen](caf::expected<selectors_ptr> sels) {
        if (!sels) {
          x->reply(store_failure(sels.error(), true));
          return;
        }
        list_series(x, std::move(*sels), ranged, from, to, counted,
                    [x, done, limit, seen](caf::error err) {
                      if (err)
                        x->reply(store_failure(err, true));
                      else if (*seen > limit)
                        x->reply(prom_error_response(
                            http::status::unprocessable_entity, "execution",
                            "the selectors match more than " +
                                std::to_string(limit) +
                                " series (--max-series-per-query)"));
                      else
                        done();
                    });
      });
}

/// Asks the store for every metric name, then calls `done` with them.
void with_metrics(const exchange_ptr& x,
                  std::function<void(std::vector<std::string>)> done) {
  x->env.bridge.ask<std::vector<std::string>>(
      x->ex,
      [x, done](caf::expected<std::vector<std::string>> names) {
        if (!names)
          x->reply(store_failure(names.error(), true));
        else
          done(std::move(*names));
      },
      metrics_atom::value);
}

/// For every metric in `names`, asks `atom` (`lnames_atom` with the
/// metric, or `lvalues_atom` with the metric and `label`) and collects the
/// strings into one sorted set.
template <class Atom>
void collect_per_metric(const exchange_ptr& x,
                        std::shared_ptr<std::vector<std::string>> names,
                        std::string label, Atom atom,
                        std::shared_ptr<string_set> acc) {
  in_sequence(
      names->size(),
      [x, names, label, atom, acc](size_t i,
                                   std::function<void(caf::error)> next) {
        auto cb = [acc, next](caf::expected<std::vector<std::string>> xs) {
          if (!xs) {
            next(xs.error());
            return;
          }
          acc->insert(xs->begin(), xs->end());
          next({});
        };
        if constexpr (std::is_same_v<Atom, lnames_atom>)
          x->env.bridge.ask<std::vector<std::string>>(x->ex, cb, atom,
                                                      (*names)[i]);
        else
          x->env.bridge.ask<std::vector<std::string>>(x->ex, cb, atom,
                                                      (*names)[i], label);
      },
      [x, acc](caf::error err) {
        if (err)
          x->reply(store_failure(err, true));
        else
          x->reply(prom_success(json_strings(*acc)));
      });
}

/// Lists the series of every metric in `names` with a point in [from, to]
/// through `collect`, then calls `reply` (or answers the store's error).
template <class Collect, class Reply>
void list_in_window(const exchange_ptr& x,
                    const std::vector<std::string>& names, int64_t from,
                    int64_t to, Collect collect, Reply reply) {
  list_series(x, every_metric(names), true, from, to, collect,
              [x, reply](caf::error err) {
                if (err)
                  x->reply(store_failure(err, true));
                else
                  reply();
              });
}

void labels(const exchange_ptr& x) {
  auto req = read_request(x, false);
  if (!req)
    return;
  auto acc = std::make_shared<string_set>();
  auto collect = [acc](const std::string&, const label_set& labels) {
    acc->insert("__name__");
    for (auto& [k, v] : labels)
      acc->insert(k);
  };
  auto reply = [x, acc] { x->reply(prom_success(json_strings(*acc))); };
  if (!req->selectors.empty()) {
    for_each_series(x, std::move(*req), collect, reply);
    return;
  }
  auto ranged = req->ranged;
  auto from = req->from;
  auto to = req->to;
  with_metrics(x, [x, acc, ranged, from, to, collect,
                   reply](std::vector<std::string> names) {
    if (ranged) {
      list_in_window(x, names, from, to, collect, reply);
      return;
    }
    if (!names.empty())
      acc->insert("__name__");
    collect_per_metric(
        x, std::make_shared<std::vector<std::string>>(std::move(names)), {},
        lnames_atom::value, acc);
  });
}

void label_values(const exchange_ptr& x) {
  auto name = x->captures.at(0);
  auto acc = std::make_shared<string_set>();
  auto req = read_request(x, false);
  if (!req)
    return;
  auto collect = [acc, name](const std::string& metric,
                             const label_set& labels) {
    if (name == "__name__") {
      acc->insert(metric);
      return;
    }
    for (auto& [k, v] : labels)
      if (k == name)
        acc->insert(v);
  };
  auto reply = [x, acc] { x->reply(prom_success(json_strings(*acc))); };
  if (!req->selectors.empty()) {
    for_each_series(x, std::move(*req), collect, reply);
    return;
  }
  auto ranged = req->ranged;
  auto from = req->from;
  auto to = req->to;
  with_metrics(x, [x, acc, name, ranged, from, to, collect,
                   reply](std::vector<std::string> names) {
    if (ranged) {
      list_in_window(x, names, from, to, collect, reply);
      return;
    }
    if (name == "__name__") {
      acc->insert(names.begin(), names.end());
      reply();
      return;
    }
    collect_per_metric(
        x, std::make_shared<std::vector<std::string>>(std::move(names)), name,
        lvalues_atom::value, acc);
  });
}

void series(const exchange_ptr& x) {
  auto req = read_request(x, true);
  if (!req)
    return;
  struct acc_t {
    std::set<std::string> seen;
    std::string out = "[";
  };
  auto acc = std::make_shared<acc_t>();
  for_each_series(
      x, std::move(*req),
      [acc](const std::string& metric, const label_set& labels) {
        if (!acc->seen.insert(format_series(metric, labels)).second)
          return;
        if (acc->out.size() > 1)
          acc->out += ',';
        formats::append_json_metric(acc->out, metric, labels);
      },
      [x, acc] {
        acc->out += ']';
        x->reply(prom_success(acc->out));
      });
}

} // namespace
void add_label_routes(router& r) {
  std::vector<http::verb> get_post = {http::verb::get, http::verb::post};
  r.add_reader("/api/v1/labels", get_post, labels);
  r.add_reader("/api/v1/label/<name>/values", get_post, label_values);
  r.add_reader("/api/v1/series", get_post, series);
}

} // namespace timeless::server
