#include "server/dashboard/dashboard_page.hpp"

#include <cmath>
#include <cstdio>

#include "formats/float_text.hpp"
#include "server/chart/xml_text.hpp"
#include "server/http/params.hpp"

namespace timeless::server {

std::string html_escape(std::string_view x) {
  // The charts' escaping: markup characters as references, and bytes that
  // are not UTF-8 (or characters HTML forbids) as U+FFFD.
  return chart::xml_text(x);
}

std::string url_component(std::string_view x) {
  std::string out;
  append_percent_encoded(out, x);
  return out;
}

namespace {

/// A value as a person reads it: six significant digits ("35.3576"),
/// exactly when the value has no more ("90", "-1"), "NaN", "+Inf", "-Inf".
std::string float_text(double x) {
  if (!std::isfinite(x)) {
    std::string out;
    formats::append_float(out, x);
    return out;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

/// 1234567 -> "1.2M", as a person reads a header.
std::string human(uint64_t x) {
  char buf[32];
  if (x >= 1'000'000'000)
    std::snprintf(buf, sizeof buf, "%.1fG", static_cast<double>(x) / 1e9);
  else if (x >= 1'000'000)
    std::snprintf(buf, sizeof buf, "%.1fM", static_cast<double>(x) / 1e6);
  else if (x >= 10'000)
    std::snprintf(buf, sizeof buf, "%.1fK", static_cast<double>(x) / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(x));
  return buf;
}

std::string human_bytes(uint64_t x) {
  char buf[32];
  auto d = static_cast<double>(x);
  if (x >= (uint64_t{1} << 30))
    std::snprintf(buf, sizeof buf, "%.1f GiB", d / (1 << 30));
  else if (x >= (uint64_t{1} << 20))
    std::snprintf(buf, sizeof buf, "%.1f MiB", d / (1 << 20));
  else if (x >= 1024)
    std::snprintf(buf, sizeof buf, "%.1f KiB", d / 1024);
  else
    std::snprintf(buf, sizeof buf, "%llu B",
                  static_cast<unsigned long long>(x));
  return buf;
}

/// The query string of every chart: the range and the label filters.
std::string range_query(const dashboard_view& v, std::string_view from) {
  std::string q = "from=" + url_component(from) + "&to=" + url_component(v.to);
  for (auto& [k, val] : v.filters)
    q += "&" + url_component(k) + "=" + url_component(val);
  return q;
}

/// The query string of the page's range links: a chart's, and the refresh
/// interval when it is not the default.
std::string page_query(const dashboard_view& v, std::string_view from) {
  auto q = range_query(v, from);
  if (v.refresh_seconds != 60)
    q += "&refresh=" + std::to_string(v.refresh_seconds);
  return q;
}

constexpr std::string_view style = R"(<style>
:root{--bg:#f9fafb;--card:#fff;--text:#111827;--muted:#6b7280;--line:#e5e7eb;--fire:#dc2626;--pend:#d97706;--ok:#16a34a;--accent:#2563eb}
@media (prefers-color-scheme:dark){:root{--bg:#111827;--card:#1f2937;--text:#e5e7eb;--muted:#9ca3af;--line:#374151}}
*{box-sizing:border-box}body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;background:var(--bg);color:var(--text)}
header{display:flex;flex-wrap:wrap;gap:12px;align-items:center;padding:12px 20px;border-bottom:1px solid var(--line);background:var(--card)}
h1{font-size:18px;margin:0}.stats{color:var(--muted)}
.badge{padding:2px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;background:var(--ok)}
.badge-fire{background:var(--fire)}.badge-pend{background:var(--pend)}
nav{display:flex;gap:6px;margin-left:auto}nav a,nav button{padding:4px 10px;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--text);text-decoration:none;font:inherit;cursor:pointer}
nav a.on{border-color:var(--accent);color:var(--accent)}
main{padding:16px 20px}section{margin-bottom:16px}h2{font-size:15px;margin:0 0 8px}
table{border-collapse:collapse;width:100%;background:var(--card)}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line)}th{color:var(--muted);font-weight:600}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(760px,1fr));gap:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px}.card h3{font-size:13px;margin:0 0 4px;word-break:break-all}
.card img{display:block;width:100%;max-width:740px;height:auto}.empty,.note{color:var(--muted)}
</style>)";

constexpr std::string_view script = R"(<script>
(function(){
  var every = document.body.getAttribute('data-refresh') * 1000;
  function text(id, s){ var e = document.getElementById(id); if (e) e.textContent = s; }
  function charts(){
    document.querySelectorAll('img.chart').forEach(function(img){
      var u = new URL(img.getAttribute('src'), location.href);
      u.searchParams.set('_t', Date.now());
      img.setAttribute('src', u.pathname + u.search);
    });
  }
  function stats(){
    fetch('/health').then(function(r){ return r.json(); }).then(function(h){
      text('series', h.series); text('points', h.points); text('bytes', h.storage_bytes);
    }).catch(function(){});
  }
  function alerts(){
    fetch('/api/v1/alerts').then(function(r){ return r.ok ? r.json() : null; }).then(function(a){
      if (!a || !a.data || !a.data.alerts) return;
      var body = document.getElementById('alert-rows');
      if (!body) return;
      var firing = 0;
      body.textContent = '';
      a.data.alerts.forEach(function(x){
        if (x.state === 'firing') firing++;
        var tr = document.createElement('tr');
        var series = Object.keys(x.labels).filter(function(k){ return k !== 'alertname' && k !== '__name__'; })
          .map(function(k){ return k + '="' + x.labels[k] + '"'; }).join(', ');
        [x.state, x.labels.alertname || '', x.labels.__name__ || '', series, x.value].forEach(function(s){
          var td = document.createElement('td'); td.textContent = s; tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      text('firing', firing + ' firing');
      var b = document.getElementById('firing');
      if (b) b.className = 'badge' + (firing ? ' badge-fire' : '');
    }).catch(function(){});
  }
  window.timelessRefresh = function(){ charts(); stats(); alerts(); };
  if (every > 0) setInterval(window.timelessRefresh, every);
})();
</script>)";

} // namespace

std::string render_dashboard(const dashboard_view& v) {
  size_t firing = 0;
  for (auto& a : v.alerts)
    firing += a.state == "firing";
  std::string out;
  out.reserve(8192 + v.metrics.size() * 256);
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<title>Timeless</title>"
      // No favicon request (it would be a 404 in the browser's log).
      "<link rel=\"icon\" href=\"data:,\">";
  out += style;
  out += "</head>\n<body data-refresh=\"" + std::to_string(v.refresh_seconds) +
         "\">\n<header><h1>Timeless</h1><span class=\"stats\"><span "
         "id=\"series\">" +
         human(v.series) + "</span> series · <span id=\"points\">" +
         human(v.points) + "</span> points · <span id=\"bytes\">" +
         human_bytes(v.bytes) + "</span></span>";
  out += "<span id=\"firing\" class=\"badge" +
         std::string{firing > 0 ? " badge-fire" : ""} + "\">" +
         std::to_string(firing) + " firing</span>";
  out += "<nav>";
  for (auto range : {"-15m", "-1h", "-6h", "-24h", "-7d", "-30d"}) {
    out += "<a href=\"/?" + html_escape(page_query(v, range)) + "\"";
    if (v.from == range)
      out += " class=\"on\"";
    out += ">" + std::string{range + 1} + "</a>";
  }
  out += "<button type=\"button\" onclick=\"timelessRefresh()\">Refresh"
         "</button></nav></header>\n<main>\n";
  // Active alerts.
  out += "<section><h2>Active Alerts (" + std::to_string(firing) +
         " firing)</h2><table><thead><tr><th>state</th><th>rule</th>"
         "<th>metric</th><th>series</th><th>value</th></tr></thead>"
         "<tbody id=\"alert-rows\">";
  for (auto& a : v.alerts) {
    out += "<tr><td><span class=\"badge " +
           std::string{a.state == "firing" ? "badge-fire" : "badge-pend"} +
           "\">" + html_escape(a.state) + "</span></td><td>" +
           html_escape(a.rule) + "</td><td>" + html_escape(a.metric) +
           "</td><td>" + html_escape(a.series) + "</td><td>" +
           html_escape(float_text(a.value)) + " " + html_escape(a.condition) +
           " " + html_escape(float_text(a.threshold)) + "</td></tr>";
  }
  out += "</tbody></table>";
  if (v.alerts.empty())
    out += "<p class=\"empty\">No alert is pending or firing.</p>";
  out += "</section>\n<section><h2>Metrics</h2>";
  if (v.metrics.empty()) {
    out += "<p class=\"empty\">No metrics yet. Start writing data to see "
           "charts.</p>";
  } else {
    if (v.metrics.size() > v.max_charts)
      out += "<p class=\"note\">Showing the first " +
             std::to_string(v.max_charts) + " of " +
             std::to_string(v.metrics.size()) +
             " metrics; add label filters to the URL to narrow them.</p>";
    out += "<div class=\"grid\">";
    auto q = range_query(v, v.from);
    for (size_t i = 0; i < v.metrics.size() && i < v.max_charts; ++i) {
      auto& m = v.metrics[i];
      auto src = "/chart?metric=" + url_component(m) + "&" + q +
                 "&theme=auto&width=740&height=220";
      out += "<div class=\"card\"><h3>" + html_escape(m) +
             "</h3><img class=\"chart\" alt=\"" + html_escape(m) +
             "\" width=\"740\" height=\"220\" src=\"" + html_escape(src) +
             "\"></div>";
    }
    out += "</div>";
  }
  out += "</section>\n</main>\n";
  out += script;
  out += "\n</body></html>\n";
  return out;
}

} // namespace timeless::server
