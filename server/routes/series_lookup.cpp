#include "server/routes/series_lookup.hpp"

#include "server/routes/common.hpp"
#include "timeless/messages.hpp"

namespace timeless::server {

void resolve_selectors(const exchange_ptr& x, std::vector<series_selector> sels,
                       std::function<void(caf::expected<selectors_ptr>)> done) {
  if (!needs_metric_names(sels)) {
    done(std::make_shared<const std::vector<selector>>(
        expand_selectors(sels, {})));
    return;
  }
  auto shared = std::make_shared<std::vector<series_selector>>(std::move(sels));
  x->env.bridge.ask<std::vector<std::string>>(
      x->ex,
      [shared, done](caf::expected<std::vector<std::string>> names) {
        if (!names) {
          done(std::move(names.error()));
          return;
        }
        done(std::make_shared<const std::vector<selector>>(
            expand_selectors(*shared, *names)));
      },
      metrics_atom::value);
}

void list_series(const exchange_ptr& x, selectors_ptr sels, bool ranged,
                 int64_t from, int64_t to,
                 std::function<void(const std::string&, const label_set&)> each,
                 std::function<void(caf::error)> done) {
  in_sequence(
      sels->size(),
      [x, sels, ranged, from, to, each](size_t i,
                                        std::function<void(caf::error)> next) {
        auto& sel = (*sels)[i];
        if (!ranged) {
          x->env.bridge.ask<std::vector<series_info>>(
              x->ex,
              [each, next](caf::expected<std::vector<series_info>> found) {
                if (!found) {
                  next(found.error());
                  return;
                }
                for (auto& s : *found)
                  each(s.metric, s.labels);
                next({});
              },
              series_atom::value, sel);
          return;
        }
        x->env.bridge.ask<std::vector<series_points>>(
            x->ex,
            [each, next](caf::expected<std::vector<series_points>> found) {
              if (!found) {
                next(found.error());
                return;
              }
              for (auto& s : *found)
                if (!s.ts.empty())
                  each(s.metric, s.labels);
              next({});
            },
            query_atom::value, raw_query{sel, from, to});
      },
      std::move(done));
}

selectors_ptr every_metric(const std::vector<std::string>& metric_names) {
  auto out = std::make_shared<std::vector<selector>>();
  out->reserve(metric_names.size());
  for (auto& name : metric_names)
    out->push_back(selector{name, {}});
  return out;
}

} // namespace timeless::server
