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
// (series in store order); errors {"status":"error","errorType":
// "bad_data","error":"..."} with 400.
//
// Without `start`, `end` (or the original's `from`, `to`) every series the
// store knows is listed. With one of them, only series with at least one
// point in [start, end] (inclusive): each selector (or each metric name,
// without `match[]`) becomes one `count` aggregate over the window in a
// single bucket, and the series that have a bucket are the answer. That
// reads the window's points (one selector at a time), unlike the plain
// listing, which reads only the series table.

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "formats/error_text.hpp"
#include "formats/json_writer.hpp"
#include "server/http/response.hpp"
#include "server/routes/common.hpp"
#include "server/routes/routes.hpp"
#include "server/routes/series_params.hpp"
#include "timeless/aggregate.hpp"
#include "timeless/labels.hpp"

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

/// Lists the series of every selector of `req`, calling `each` per series,
/// then `done`.
void for_each_series(const exchange_ptr& x, std::shared_ptr<series_request> req,
                     std::function<void(const series_info&)> each,
                     std::function<void()> done) {
  in_sequence(
      req->selectors.size(),
      [x, req, each](size_t i, std::function<void(caf::error)> next) {
        x->env.bridge.ask<std::vector<series_info>>(
            x->ex,
            [each, next](caf::expected<std::vector<series_info>> found) {
              if (!found) {
                next(found.error());
                return;
              }
              for (auto& s : *found)
                each(s);
              next({});
            },
            series_atom::value, req->selectors[i]);
      },
      [x, done](caf::error err) {
        if (err)
          x->reply(store_failure(err, true));
        else
          done();
      });
}

/// A bucket wider than any window: one bucket per series and window.
constexpr int64_t window_bucket_ms = int64_t{1} << 52;

/// Lists the series of `req` with points in [req.from, req.to] (every
/// metric's series without selectors), calling `each` per series (a series
/// several selectors match is seen once per selector), then `done`.
void for_each_series_in_window(
    const exchange_ptr& x, std::shared_ptr<series_request> req,
    std::function<void(const std::string&, const label_set&)> each,
    std::function<void()> done) {
  auto run = [x, req, each, done] {
    in_sequence(
        req->selectors.size(),
        [x, req, each](size_t i, std::function<void(caf::error)> next) {
          agg_query q;
          q.sel = req->selectors[i];
          q.from = req->from;
          q.to = req->to;
          q.step = window_bucket_ms;
          q.fn = aggregate_fn::count;
          x->env.bridge.ask<std::vector<series_buckets>>(
              x->ex,
              [each, next](caf::expected<std::vector<series_buckets>> found) {
                if (!found) {
                  next(found.error());
                  return;
                }
                for (auto& s : *found)
                  each(s.metric, s.labels);
                next({});
              },
              agg_atom::value, std::move(q));
        },
        [x, done](caf::error err) {
          if (err)
            x->reply(store_failure(err, true));
          else
            done();
        });
  };
  if (!req->selectors.empty()) {
    run();
    return;
  }
  x->env.bridge.ask<std::vector<std::string>>(
      x->ex,
      [x, req, run](caf::expected<std::vector<std::string>> names) {
        if (!names) {
          x->reply(store_failure(names.error(), true));
          return;
        }
        for (auto& n : *names)
          req->selectors.push_back(selector{n, {}});
        run();
      },
      metrics_atom::value);
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

void labels(const exchange_ptr& x) {
  auto req = read_request(x, false);
  if (!req)
    return;
  auto acc = std::make_shared<string_set>();
  if (req->windowed) {
    for_each_series_in_window(
        x, std::make_shared<series_request>(std::move(*req)),
        [acc](const std::string&, const label_set& labels) {
          acc->insert("__name__");
          for (auto& [k, v] : labels)
            acc->insert(k);
        },
        [x, acc] { x->reply(prom_success(json_strings(*acc))); });
    return;
  }
  acc->insert("__name__");
  if (!req->selectors.empty()) {
    for_each_series(
        x, std::make_shared<series_request>(std::move(*req)),
        [acc](const series_info& s) {
          for (auto& [k, v] : s.labels)
            acc->insert(k);
        },
        [x, acc] { x->reply(prom_success(json_strings(*acc))); });
    return;
  }
  with_metrics(x, [x, acc](std::vector<std::string> names) {
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
  if (req->windowed) {
    for_each_series_in_window(
        x, std::make_shared<series_request>(std::move(*req)),
        [acc, name](const std::string& metric, const label_set& labels) {
          if (name == "__name__") {
            acc->insert(metric);
            return;
          }
          for (auto& [k, v] : labels)
            if (k == name)
              acc->insert(v);
        },
        [x, acc] { x->reply(prom_success(json_strings(*acc))); });
    return;
  }
  if (!req->selectors.empty()) {
    for_each_series(
        x, std::make_shared<series_request>(std::move(*req)),
        [acc, name](const series_info& s) {
          if (name == "__name__") {
            acc->insert(s.metric);
            return;
          }
          for (auto& [k, v] : s.labels)
            if (k == name)
              acc->insert(v);
        },
        [x, acc] { x->reply(prom_success(json_strings(*acc))); });
    return;
  }
  with_metrics(x, [x, acc, name](std::vector<std::string> names) {
    if (name == "__name__") {
      acc->insert(names.begin(), names.end());
      x->reply(prom_success(json_strings(*acc)));
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
    std::set<uint64_t> seen;
    std::set<std::string> seen_keys;
    std::string out = "[";
  };
  auto acc = std::make_shared<acc_t>();
  if (req->windowed) {
    for_each_series_in_window(
        x, std::make_shared<series_request>(std::move(*req)),
        [acc](const std::string& metric, const label_set& labels) {
          // The metric cannot contain '\0'; the labels' encoding is
          // canonical, so equal keys are the same series.
          if (!acc->seen_keys.insert(metric + '\0' + encode_labels(labels))
                   .second)
            return;
          if (acc->out.size() > 1)
            acc->out += ',';
          formats::append_json_metric(acc->out, metric, labels);
        },
        [x, acc] {
          acc->out += ']';
          x->reply(prom_success(acc->out));
        });
    return;
  }
  for_each_series(
      x, std::make_shared<series_request>(std::move(*req)),
      [acc](const series_info& s) {
        if (!acc->seen.insert(s.id).second)
          return;
        if (acc->out.size() > 1)
          acc->out += ',';
        formats::append_json_metric(acc->out, s.metric, s.labels);
      },
      [x, acc] {
        acc->out += ']';
        x->reply(prom_success(acc->out));
      });
}

} // namespace

void add_label_routes(router& r) {
  std::vector<http::verb> get_post = {http::verb::get, http::verb::post};
  r.add("/api/v1/labels", get_post, labels);
  r.add("/api/v1/label/<name>/values", get_post, label_values);
  r.add("/api/v1/series", get_post, series);
}

} // namespace timeless::server
