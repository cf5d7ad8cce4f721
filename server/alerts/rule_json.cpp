#include "server/alerts/rule_json.hpp"

#include <cmath>

#include "formats/float_text.hpp"
#include "formats/json_reader.hpp"
#include "formats/json_writer.hpp"
#include "formats/time_parse.hpp"
#include "server/alerts/alert_window.hpp"
#include "server/alerts/webhook_sender.hpp"
#include "server/query/prom_json.hpp"
#include "timeless/error.hpp"

namespace timeless::server {

namespace {

caf::error bad(std::string what) {
  return make_error(errc::invalid_argument, std::move(what));
}

caf::error read_number(formats::json_reader& r, const char* field,
                       double& out) {
  std::string_view num;
  if (r.read_number(num) != nullptr ||
      formats::parse_float(num, out) != formats::float_parse::ok)
    return bad(std::string{"\""} + field + "\" must be a number");
  return {};
}

caf::error read_string(formats::json_reader& r, const char* field,
                       std::string& out) {
  if (r.peek() != '"' || r.read_string(out) != nullptr)
    return bad(std::string{"\""} + field + "\" must be a string");
  return {};
}

caf::error read_labels(formats::json_reader& r, label_set& out) {
  if (!r.consume('{'))
    return bad("\"labels\" must be an object of strings");
  if (r.consume('}'))
    return {};
  for (;;) {
    label l;
    if (r.peek() != '"' || r.read_string(l.name) != nullptr || !r.consume(':'))
      return bad("\"labels\" must be an object of strings");
    if (r.peek() != '"' || r.read_string(l.value) != nullptr)
      return bad("label \"" + l.name + "\" must have a string value");
    out.push_back(std::move(l));
    if (r.consume('}'))
      return {};
    if (!r.consume(','))
      return bad("\"labels\" must be an object of strings");
  }
}

caf::error read_field(formats::json_reader& r, const std::string& key,
                      alert_rule& rule, bool (&seen)[4]) {
  if (key == "name") {
    seen[0] = true;
    return read_string(r, "name", rule.name);
  }
  if (key == "metric") {
    seen[1] = true;
    return read_string(r, "metric", rule.metric);
  }
  if (key == "condition") {
    seen[2] = true;
    std::string c;
    if (auto err = read_string(r, "condition", c))
      return err;
    if (c == "above")
      rule.condition = alert_condition::above;
    else if (c == "below")
      rule.condition = alert_condition::below;
    else
      return bad("\"condition\" must be \"above\" or \"below\"");
    return {};
  }
  if (key == "threshold") {
    seen[3] = true;
    if (auto err = read_number(r, "threshold", rule.threshold))
      return err;
    if (!std::isfinite(rule.threshold))
      return bad("\"threshold\" must be finite");
    return {};
  }
  if (key == "labels")
    return read_labels(r, rule.labels);
  if (key == "duration") {
    double d = 0;
    if (auto err = read_number(r, "duration", d))
      return err;
    if (!(d >= 0) || d * 1000 > static_cast<double>(max_alert_duration_ms))
      return bad("\"duration\" must be 0 to 31536000 seconds");
    rule.duration = static_cast<int64_t>(std::llround(d * 1000));
    return {};
  }
  if (key == "aggregate") {
    std::string a;
    if (auto err = read_string(r, "aggregate", a))
      return err;
    if (!parse_aggregate_fn(a, rule.aggregate))
      return bad("\"aggregate\" must be one of avg, min, max, count, sum, "
                 "first, last, rate, increase");
    return {};
  }
  if (key == "webhook_url") {
    if (r.consume_word("null"))
      return {};
    if (auto err = read_string(r, "webhook_url", rule.webhook_url))
      return err;
    if (!rule.webhook_url.empty())
      if (auto u = parse_http_url(rule.webhook_url); !u)
        return u.error();
    return {};
  }
  if (key == "enabled") {
    if (r.consume_word("true"))
      rule.enabled = true;
    else if (r.consume_word("false"))
      rule.enabled = false;
    else
      return bad("\"enabled\" must be true or false");
    return {};
  }
  if (r.skip_value() != nullptr)
    return bad("invalid JSON at byte " + std::to_string(r.pos()));
  return {};
}

} // namespace

caf::expected<alert_rule> parse_rule_json(std::string_view body) {
  formats::json_reader r{body};
  alert_rule rule;
  bool seen[4] = {false, false, false, false};
  if (!r.consume('{'))
    return bad("the body must be a JSON object");
  if (!r.consume('}')) {
    for (;;) {
      std::string key;
      if (r.peek() != '"' || r.read_string(key) != nullptr || !r.consume(':'))
        return bad("invalid JSON at byte " + std::to_string(r.pos()));
      if (auto err = read_field(r, key, rule, seen))
        return err;
      if (r.consume('}'))
        break;
      if (!r.consume(','))
        return bad("invalid JSON at byte " + std::to_string(r.pos()));
    }
  }
  if (!r.at_end())
    return bad("junk after the JSON object at byte " + std::to_string(r.pos()));
  const char* names[] = {"name", "metric", "condition", "threshold"};
  for (size_t i = 0; i < 4; ++i)
    if (!seen[i])
      return bad(std::string{"requires \""} + names[i] +
                 "\" (name, metric, condition above/below, threshold "
                 "number)");
  if (rule.name.empty())
    return bad("\"name\" must not be empty");
  if (auto err = canonicalize(rule.metric, rule.labels, name_limits{}))
    return err;
  return rule;
}

const char* status_name(alert_status x) {
  switch (x) {
    case alert_status::ok:
      return "ok";
    case alert_status::pending:
      return "pending";
    case alert_status::firing:
      return "firing";
    case alert_status::resolved:
      return "resolved";
  }
  return "?";
}

namespace {

void append_labels(std::string& out, const label_set& labels,
                   const std::string* alertname = nullptr) {
  out += '{';
  bool first = true;
  if (alertname) {
    out += "\"alertname\":";
    formats::append_json_string(out, *alertname);
    first = false;
  }
  for (auto& l : labels) {
    if (alertname && l.name == "alertname")
      continue; // the rule's name wins, as in Prometheus
    if (!first)
      out += ',';
    first = false;
    formats::append_json_string(out, l.name);
    out += ':';
    formats::append_json_string(out, l.value);
  }
  out += '}';
}

void append_seconds(std::string& out, int64_t ms) {
  if (ms == 0) {
    out += "null";
    return;
  }
  auto s = ms / 1000 - (ms % 1000 < 0 ? 1 : 0);
  out += std::to_string(s);
}

void append_rule(std::string& out, const alert_rule_states& rs) {
  auto& r = rs.rule;
  out += "{\"id\":" + std::to_string(r.id) + ",\"name\":";
  formats::append_json_string(out, r.name);
  out += ",\"metric\":";
  formats::append_json_string(out, r.metric);
  out += ",\"labels\":";
  append_labels(out, r.labels);
  out += ",\"condition\":";
  out += r.condition == alert_condition::above ? "\"above\"" : "\"below\"";
  out += ",\"threshold\":";
  formats::append_json_value(out, r.threshold);
  out += ",\"duration\":";
  formats::append_json_value(out, static_cast<double>(r.duration) / 1000);
  out += ",\"aggregate\":";
  formats::append_json_string(out, to_string(r.aggregate));
  out += ",\"webhook_url\":";
  if (r.webhook_url.empty())
    out += "null";
  else
    formats::append_json_string(out, r.webhook_url);
  out += r.enabled ? ",\"enabled\":true" : ",\"enabled\":false";
  out += ",\"created_at\":";
  append_seconds(out, r.created_at);
  out += ",\"states\":[";
  for (size_t i = 0; i < rs.states.size(); ++i) {
    auto& st = rs.states[i];
    out += i == 0 ? "{" : ",{";
    out += "\"series_labels\":";
    append_labels(out, st.labels);
    out += ",\"state\":\"";
    out += status_name(st.status);
    out += "\",\"triggered_at\":";
    append_seconds(out, st.triggered_at);
    out += ",\"resolved_at\":";
    append_seconds(out, st.resolved_at);
    out += ",\"last_value\":";
    formats::append_json_value(out, st.last_value);
    out += ",\"delivery\":";
    if (st.delivery.empty())
      out += "null";
    else
      formats::append_json_string(out, st.delivery);
    out += '}';
  }
  out += "]}";
}

} // namespace

std::string alerts_json(const std::vector<alert_rule_states>& rules) {
  std::string out = "{\"status\":\"success\",\"data\":{\"alerts\":[";
  bool first = true;
  for (auto& rs : rules) {
    for (auto& st : rs.states) {
      if (st.status != alert_status::pending &&
          st.status != alert_status::firing)
        continue;
      out += first ? "{" : ",{";
      first = false;
      out += "\"labels\":";
      append_labels(out, st.labels, &rs.rule.name);
      out += ",\"annotations\":{},\"state\":\"";
      out += status_name(st.status);
      out += "\",\"activeAt\":";
      formats::append_json_string(out,
                                  formats::format_time_ms(st.triggered_at));
      out += ",\"value\":\"";
      append_prom_float(out, st.last_value);
      out += "\"}";
    }
  }
  out += "],\"rules\":[";
  for (size_t i = 0; i < rules.size(); ++i) {
    if (i > 0)
      out += ',';
    append_rule(out, rules[i]);
  }
  out += "]}}\n";
  return out;
}

} // namespace timeless::server
