// GET /: the dashboard (server/dashboard/dashboard_page.hpp). Parameters:
// `from` (default -1h) and `to` (default now), passed on to the charts as
// given; `refresh`, seconds between refreshes (0 to 86400, 0: never;
// default 60); parameters starting with '_' are ignored (cache-busters); every
// other parameter is a label filter passed on to every chart.

#include <algorithm>
#include <charconv>
#include <memory>

#include "formats/error_text.hpp"
#include "server/alerts/rule_json.hpp"
#include "server/dashboard/dashboard_page.hpp"
#include "server/http/response.hpp"
#include "server/routes/alert_rules.hpp"
#include "server/routes/routes.hpp"
#include "timeless/catalog.hpp"
#include "timeless/messages.hpp"

namespace timeless::server {

namespace {

void reply_page(const exchange_ptr& x, const dashboard_view& view) {
  auto res = make_response(http::status::ok, "text/html; charset=utf-8",
                           render_dashboard(view));
  res.set(http::field::cache_control, "no-store");
  x->reply(std::move(res));
}

/// Adds the pending and firing series of every rule (firing first), then
/// answers. A failing catalog costs the page its alert table only.
void with_active_alerts(const exchange_ptr& x,
                        std::shared_ptr<dashboard_view> view) {
  auto done = [x, view](caf::expected<std::vector<alert_rule_states>> rules) {
    if (rules) {
      for (auto& r : *rules)
        for (auto& st : r.states) {
          if (st.status != alert_status::pending &&
              st.status != alert_status::firing)
            continue;
          dashboard_alert a;
          a.rule = r.rule.name;
          a.metric = r.rule.metric;
          for (auto& l : st.labels) {
            if (!a.series.empty())
              a.series += ", ";
            a.series += l.name + "=\"" + l.value + "\"";
          }
          a.state = status_name(st.status);
          a.value = st.last_value;
          a.condition =
              r.rule.condition == alert_condition::above ? "above" : "below";
          a.threshold = r.rule.threshold;
          view->alerts.push_back(std::move(a));
        }
      std::stable_sort(view->alerts.begin(), view->alerts.end(),
                       [](const dashboard_alert& a, const dashboard_alert& b) {
                         return a.state == "firing" && b.state != "firing";
                       });
    }
    reply_page(x, *view);
  };
  ask_alert_rules(x, std::move(done));
}

void dashboard(const exchange_ptr& x) {
  auto view = std::make_shared<dashboard_view>();
  for (auto& [k, v] : x->params.pairs()) {
    if (k == "from")
      view->from = v;
    else if (k == "to")
      view->to = v;
    else if (k == "refresh") {
      int n = -1;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc{} || end != v.data() + v.size() || n < 0 ||
          n > 86400) {
        x->reply(error_response(http::status::bad_request,
                                "refresh must be whole seconds from 0 to "
                                "86400, got '" +
                                    v + "'"));
        return;
      }
      view->refresh_seconds = n;
    } else if (!k.empty() && k.front() != '_')
      view->filters.emplace_back(k, v);
  }
  x->env.bridge.ask<store_info>(
      x->ex,
      [x, view](caf::expected<store_info> info) {
        if (!info) {
          x->reply(error_response(http::status::service_unavailable,
                                  "store unavailable: " +
                                      formats::error_text(info.error())));
          return;
        }
        view->series = info->series;
        view->points = info->stored_points + info->buffered_points;
        view->bytes = info->bytes_on_disk;
        x->env.bridge.ask<std::vector<std::string>>(
            x->ex,
            [x, view](caf::expected<std::vector<std::string>> names) {
              if (!names) {
                x->reply(
                    error_response(http::status::service_unavailable,
                                   "store unavailable: " +
                                       formats::error_text(names.error())));
                return;
              }
              view->metrics = std::move(*names);
              with_active_alerts(x, view);
            },
            metrics_atom::value);
      },
      info_atom::value);
}

} // namespace

void add_dashboard_routes(router& r) {
  r.add("/", {http::verb::get}, dashboard);
}

} // namespace timeless::server
