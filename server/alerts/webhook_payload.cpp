#include "server/alerts/webhook_payload.hpp"

#include "formats/json_writer.hpp"
#include "formats/time_parse.hpp"

namespace timeless::server {

std::string chart_url(std::string_view external_url, std::string_view metric,
                      const label_set& labels) {
  while (!external_url.empty() && external_url.back() == '/')
    external_url.remove_suffix(1);
  std::string out{external_url};
  out += "/chart?metric=";
  append_percent_encoded(out, metric);
  for (auto& l : labels) {
    out += '&';
    append_percent_encoded(out, l.name);
    out += '=';
    append_percent_encoded(out, l.value);
  }
  out += "&from=-1h&theme=auto";
  return out;
}

namespace {

void key(std::string& out, const char* name) {
  out += ",\"";
  out += name;
  out += "\":";
}

} // namespace

std::string webhook_payload(const alert_rule& rule, const webhook_event& ev,
                            std::string_view external_url) {
  std::string out = "{\"alert\":";
  formats::append_json_string(out, rule.name);
  key(out, "rule_id");
  out += std::to_string(rule.id);
  key(out, "metric");
  formats::append_json_string(out, rule.metric);
  key(out, "labels");
  out += '{';
  for (size_t i = 0; i < ev.labels.size(); ++i) {
    if (i > 0)
      out += ',';
    formats::append_json_string(out, ev.labels[i].name);
    out += ':';
    formats::append_json_string(out, ev.labels[i].value);
  }
  out += '}';
  key(out, "value");
  formats::append_json_value(out, ev.value);
  key(out, "threshold");
  formats::append_json_value(out, rule.threshold);
  key(out, "condition");
  out += rule.condition == alert_condition::above ? "\"above\"" : "\"below\"";
  key(out, "aggregate");
  formats::append_json_string(out, to_string(rule.aggregate));
  key(out, "state");
  out += ev.kind == alert_notify::resolved ? "\"resolved\"" : "\"firing\"";
  key(out, "triggered_at");
  formats::append_json_string(out, formats::format_time_ms(ev.triggered_at));
  key(out, "at");
  formats::append_json_string(out, formats::format_time_ms(ev.at));
  key(out, "url");
  formats::append_json_string(out,
                              chart_url(external_url, rule.metric, ev.labels));
  out += "}";
  return out;
}

} // namespace timeless::server
