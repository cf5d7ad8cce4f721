// Hostile and broken bodies on the import routes of a running server: a
// million labels on one series, a 1 MiB label value, a 100 KiB metric name
// (in every ingest format), truncated bodies, connections closed mid-body,
// bad snappy, bad protobuf, bad gzip, a Content-Type that does not match
// the route, deeply nested JSON. Each gets a clear 4xx naming the problem;
// afterwards the reference data reads back identically and new writes work.

#include <string>

#include <gtest/gtest.h>

#include "formats/remote_write_encoder.hpp"
#include "server/http/gzip.hpp"
#include "test/server/robust_fixture.hpp"

using namespace timeless;
using namespace timeless::server;

namespace {

constexpr size_t million = 1'000'000;

bool has(const std::string& body, const std::string& part) {
  return body.find(part) != std::string::npos;
}

std::string prom_line(const std::string& metric, size_t labels,
                      const std::string& value = "v") {
  std::string out = metric + "{";
  for (size_t i = 0; i < labels; ++i) {
    if (i > 0)
      out += ',';
    out += "l" + std::to_string(i) + "=\"" + value + "\"";
  }
  return out + "} 1 1700000000000\n";
}

std::string json_line(const std::string& metric, size_t labels,
                      const std::string& value = "v") {
  std::string out = "{\"metric\":{\"__name__\":\"" + metric + "\"";
  for (size_t i = 0; i < labels; ++i)
    out += ",\"l" + std::to_string(i) + "\":\"" + value + "\"";
  return out + "},\"values\":[1],\"timestamps\":[1700000000000]}\n";
}

std::string influx_line(const std::string& measurement, size_t tags,
                        const std::string& value = "v") {
  std::string out = measurement;
  for (size_t i = 0; i < tags; ++i)
    out += ",l" + std::to_string(i) + "=" + value;
  return out + " f=1 1700000000000000000\n";
}

std::string rw_body(const std::string& metric, size_t labels,
                    const std::string& value = "v") {
  formats::rw_series s;
  s.metric = metric;
  s.labels.reserve(labels);
  for (size_t i = 0; i < labels; ++i)
    s.labels.push_back({"l" + std::to_string(i), value});
  s.ts = {1700000000000};
  s.values = {1};
  return formats::snappy_compress(formats::encode_write_request(
      std::span<const formats::rw_series>{&s, 1}));
}

const test_http::headers snappy = {
    {test_http::http::field::content_encoding, "snappy"},
    {test_http::http::field::content_type, "application/x-protobuf"}};

} // namespace

class malformed_ingest : public robust_fixture {
 protected:
  /// Posts `body` to `route`, expects 400 with `part` in the answer and
  /// nothing of metric `metric` stored, then checks the store.
  void expect_refused(const std::string& route, std::string body,
                      const std::string& part, const std::string& metric,
                      const test_http::headers& hs = {}) {
    auto r = post(route, std::move(body), hs);
    EXPECT_EQ(r.result_int(), 400) << route << ": " << r.body().substr(0, 500);
    EXPECT_TRUE(has(r.body(), part))
        << route << ": " << r.body().substr(0, 500);
    EXPECT_LT(r.body().size(), 64u * 1024u) << route;
    if (!metric.empty()) {
      EXPECT_EQ(count_points(metric), 0u) << route;
    }
    expect_store_intact();
  }
};

// -- a million labels -----------------------------------------------------

TEST_F(malformed_ingest, million_labels_prometheus_text) {
  expect_refused("/api/v1/import/prometheus", prom_line("many", million),
                 "at most 32", "many");
}

TEST_F(malformed_ingest, million_labels_json_lines) {
  expect_refused("/api/v1/import", json_line("many", million), "at most 32",
                 "many");
}

TEST_F(malformed_ingest, million_labels_influx) {
  expect_refused("/write", influx_line("many", million), "at most 32",
                 "many_f");
}

TEST_F(malformed_ingest, million_labels_remote_write) {
  expect_refused("/api/v1/write", rw_body("many", million), "at most 32",
                 "many", snappy);
}

TEST_F(malformed_ingest, labels_at_the_limit_are_stored_one_more_refused) {
  auto r = post("/api/v1/import/prometheus",
                prom_line("edge", 32) + prom_line("over", 33));
  EXPECT_EQ(r.result_int(), 400) << r.body();
  EXPECT_TRUE(has(r.body(), "\"accepted_points\":1")) << r.body();
  EXPECT_TRUE(has(r.body(), "\"line\":2")) << r.body();
  EXPECT_EQ(count_points("edge"), 1u);
  EXPECT_EQ(count_points("over"), 0u);
  expect_store_intact();
}

// -- long values and names ------------------------------------------------

TEST_F(malformed_ingest, label_value_of_one_mib_in_every_format) {
  std::string big(1024 * 1024, 'x');
  expect_refused("/api/v1/import/prometheus", prom_line("bigv", 1, big),
                 "at most 4096", "bigv");
  expect_refused("/api/v1/import", json_line("bigv", 1, big), "at most 4096",
                 "bigv");
  expect_refused("/write", influx_line("bigv", 1, big), "at most 4096",
                 "bigv_f");
  expect_refused("/api/v1/write", rw_body("bigv", 1, big), "at most 4096",
                 "bigv", snappy);
}

TEST_F(malformed_ingest, metric_name_of_100_kib_in_every_format) {
  std::string name(100 * 1024, 'n');
  expect_refused("/api/v1/import/prometheus", prom_line(name, 1), "at most 256",
                 "");
  expect_refused("/api/v1/import", json_line(name, 1), "at most 256", "");
  expect_refused("/write", influx_line(name, 1), "at most 256", "");
  expect_refused("/api/v1/write", rw_body(name, 1), "at most 256", "", snappy);
}

// -- truncated bodies -----------------------------------------------------

TEST_F(malformed_ingest, truncated_prometheus_text_keeps_the_whole_lines) {
  auto r = post("/api/v1/import/prometheus",
                "tp{a=\"1\"} 1 1700000000000\ntp{a=\"2\"} 2 17000");
  // The cut line still parses (a shorter timestamp); cut inside a label:
  EXPECT_EQ(r.result_int(), 204) << r.body();
  expect_refused("/api/v1/import/prometheus",
                 "tq{a=\"1\"} 1 1700000000000\ntq{a=\"2", "line", "");
  EXPECT_EQ(count_points("tq"), 1u);
}

TEST_F(malformed_ingest, truncated_json_line) {
  expect_refused("/api/v1/import",
                 "{\"metric\":{\"__name__\":\"tj\"},\"values\":[1,2],"
                 "\"timestamps\":[1700000000000,17000",
                 "\"line\":1", "tj");
}

TEST_F(malformed_ingest, truncated_influx_line) {
  expect_refused("/write",
                 "ti,a=1 f=1 1700000000000000000\nti,a=2 f=", "\"line\":2", "");
  EXPECT_EQ(count_points("ti_f"), 1u);
}

TEST_F(malformed_ingest, truncated_remote_write_stores_nothing) {
  auto full = rw_body("trw", 3);
  for (size_t cut : {size_t{1}, full.size() / 2, full.size() - 1})
    expect_refused("/api/v1/write", full.substr(0, cut), "snappy", "trw",
                   snappy);
  // The same body uncut is fine.
  auto r = post("/api/v1/write", full, snappy);
  EXPECT_EQ(r.result_int(), 204) << r.body();
}

TEST_F(malformed_ingest, truncated_protobuf_inside_valid_snappy) {
  auto pb = formats::encode_write_request(
      std::span<const formats::rw_series>{std::vector<formats::rw_series>{
          {"tpb", {{"a", "b"}}, {1700000000000}, {1}}}});
  expect_refused("/api/v1/write",
                 formats::snappy_compress(pb.substr(0, pb.size() - 3)),
                 "protobuf", "tpb", snappy);
}

TEST_F(malformed_ingest, truncated_gzip_body) {
  auto gz = gzip(prom_line("tgz", 1));
  expect_refused("/api/v1/import/prometheus", gz.substr(0, gz.size() / 2),
                 "gzip", "tgz",
                 {{test_http::http::field::content_encoding, "gzip"}});
}

TEST_F(malformed_ingest, connection_closed_mid_body_stores_nothing) {
  {
    test_http::client c{port_};
    c.write_raw("POST /api/v1/import/prometheus HTTP/1.1\r\nHost: x\r\n"
                "Content-Length: 1000\r\n\r\n"
                "cut{a=\"1\"} 1 1700000000000\ncut{a=\"2\"} 2 1700000000000\n");
  }
  {
    test_http::client c{port_};
    c.write_raw("POST /api/v1/import HTTP/1.1\r\nHost: x\r\n"
                "Transfer-Encoding: chunked\r\n\r\n"
                "4a\r\n{\"metric\":{\"__name__\":\"cut\"},\"values\":[1],"
                "\"timestamps\":[1700000000000]}\n\r\n"
                "100\r\n{\"metric\":");
  }
  // A chunked body whose chunk size line is garbage: 400, not a hang.
  {
    test_http::client c{port_};
    c.write_raw("POST /api/v1/import HTTP/1.1\r\nHost: x\r\n"
                "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
    auto r = c.read();
    EXPECT_EQ(r.result_int(), 400) << r.body();
  }
  expect_store_intact();
  EXPECT_EQ(count_points("cut"), 0u);
}

// -- bad encodings --------------------------------------------------------

TEST_F(malformed_ingest, bad_snappy_names_snappy) {
  expect_refused("/api/v1/write", "this is not snappy at all", "snappy", "",
                 snappy);
  // A snappy header claiming 4 GiB: refused before allocating.
  expect_refused("/api/v1/write", std::string("\xff\xff\xff\xff\x0f", 5),
                 "decompressed body over", "", snappy);
}

TEST_F(malformed_ingest, bad_protobuf_names_protobuf_and_the_offset) {
  // Field 1 (timeseries), length 100, but only 3 bytes follow.
  expect_refused("/api/v1/write",
                 formats::snappy_compress(std::string("\x0a\x64\x01\x02\x03")),
                 "protobuf", "", snappy);
  // Wire type 7 does not exist.
  expect_refused("/api/v1/write",
                 formats::snappy_compress(std::string("\x0f\x01", 2)),
                 "protobuf", "", snappy);
}

TEST_F(malformed_ingest, bad_gzip_on_every_import_route) {
  test_http::headers gz = {{test_http::http::field::content_encoding, "gzip"}};
  for (auto route : {"/api/v1/import", "/api/v1/import/prometheus", "/write"})
    expect_refused(route, "\x1f\x8b this is not deflate", "gzip", "", gz);
}

TEST_F(malformed_ingest, content_type_does_not_choose_the_format) {
  // The route decides the format: JSON sent to the text route as
  // application/json is read as text and refused line by line.
  expect_refused("/api/v1/import/prometheus", json_line("ctj", 1), "\"line\":1",
                 "ctj",
                 {{test_http::http::field::content_type, "application/json"}});
  // remote_write declared as JSON is still decoded as snappy protobuf.
  auto r = post("/api/v1/write", rw_body("ctrw", 1),
                {{test_http::http::field::content_type, "application/json"}});
  EXPECT_EQ(r.result_int(), 204) << r.body();
  EXPECT_EQ(count_points("ctrw"), 1u);
  // A form content type on an import route does not turn the body into
  // parameters: the line is imported.
  r = post("/api/v1/import/prometheus", prom_line("ctf", 1),
           {{test_http::http::field::content_type,
             "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.result_int(), 204) << r.body();
  EXPECT_EQ(count_points("ctf"), 1u);
  expect_store_intact();
}

TEST_F(malformed_ingest, deeply_nested_json_is_refused_by_depth) {
  std::string deep = "{\"metric\":";
  for (int i = 0; i < 100000; ++i)
    deep += "{\"a\":";
  deep += "1";
  for (int i = 0; i < 100000; ++i)
    deep += "}";
  deep += ",\"values\":[1],\"timestamps\":[1700000000000]}\n";
  expect_refused("/api/v1/import", deep, "\"line\":1", "");
  std::string arrays = "{\"metric\":{\"__name__\":\"dj\"},\"values\":" +
                       std::string(100000, '[') + std::string(100000, ']') +
                       ",\"timestamps\":[1700000000000]}\n";
  expect_refused("/api/v1/import", arrays, "\"line\":1", "dj");
}
