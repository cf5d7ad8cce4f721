// The alert routes (formats in server/alerts/rule_json.hpp):
//   POST   /api/v1/alerts            create a rule: 201 {"id","status"}
//   GET    /api/v1/alerts            Prometheus' alerts, plus our "rules"
//   POST   /api/v1/alerts/evaluate   evaluate every rule now
//   DELETE /api/v1/alerts/<id>       200 {"status":"deleted"}, 404 unknown

#include <charconv>
#include <string>

#include "formats/error_text.hpp"
#include "server/alerts/rule_json.hpp"
#include "server/http/response.hpp"
#include "server/routes/alert_rules.hpp"
#include "server/routes/common.hpp"
#include "server/routes/routes.hpp"

namespace timeless::server {

namespace {

constexpr auto json = "application/json";

void create(const exchange_ptr& x) {
  auto rule = parse_rule_json(x->req.body());
  if (!rule) {
    x->reply(error_response(http::status::bad_request,
                            formats::error_text(rule.error())));
    return;
  }
  rule->id = 0;
  x->env.bridge.ask<int64_t>(
      x->ex,
      [x](caf::expected<int64_t> id) {
        if (!id) {
          x->reply(store_failure(id.error(), false));
          return;
        }
        x->reply(make_response(http::status::created, json,
                               "{\"id\":" + std::to_string(*id) +
                                   ",\"status\":\"created\"}\n"));
      },
      put_rule_atom::value, std::move(*rule));
}

void list(const exchange_ptr& x) {
  auto done = [x](caf::expected<std::vector<alert_rule_states>> rules) {
    if (!rules) {
      x->reply(store_failure(rules.error(), true));
      return;
    }
    x->reply(make_response(http::status::ok, json, alerts_json(*rules)));
  };
  ask_alert_rules(x, std::move(done));
}

void evaluate(const exchange_ptr& x) {
  if (!x->env.alerts) {
    x->reply(error_response(http::status::service_unavailable,
                            "alerts are not running"));
    return;
  }
  x->env.bridge.ask_actor<alert_report>(
      x->env.alerts->evaluator(), x->ex,
      [x](caf::expected<alert_report> r) {
        if (!r) {
          x->reply(store_failure(r.error(), true));
          return;
        }
        x->reply(prom_success(
            "{\"rules\":" + std::to_string(r->rules) +
            ",\"series\":" + std::to_string(r->series) +
            ",\"transitions\":" + std::to_string(r->transitions) +
            ",\"notifications\":" + std::to_string(r->notifications) + "}"));
      },
      alert_eval_atom::value);
}

void remove(const exchange_ptr& x) {
  auto id = captured_id(x, "an alert rule");
  if (!id)
    return;
  x->env.bridge.ask<bool>(
      x->ex,
      [x, id = *id](caf::expected<bool> found) {
        answer_delete(x, "alert rule", id, found);
      },
      del_rule_atom::value, *id);
}

} // namespace

void ask_alert_rules(const exchange_ptr& x, rules_fn done) {
  if (x->env.alerts)
    x->env.bridge.ask_actor<std::vector<alert_rule_states>>(
        x->env.alerts->evaluator(), x->ex, std::move(done),
        get_rules_atom::value);
  else
    x->env.bridge.ask<std::vector<alert_rule_states>>(x->ex, std::move(done),
                                                      get_rules_atom::value);
}

void add_alert_routes(router& r) {
  r.add("/api/v1/alerts", {http::verb::get, http::verb::post},
        [](const exchange_ptr& x) {
          if (x->req.method() == http::verb::post)
            create(x);
          else
            list(x);
        });
  r.add("/api/v1/alerts/evaluate", {http::verb::post}, evaluate);
  r.add("/api/v1/alerts/<id>", {http::verb::delete_}, remove);
}

} // namespace timeless::server
