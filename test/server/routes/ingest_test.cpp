#include <bit>
#include <cmath>
#include <limits>

#include "formats/json_writer.hpp"
#include "test/server/server_fixture.hpp"

using namespace timeless;
using namespace timeless::server;
using test_http::http::field;
using test_http::http::status;

namespace {

class ingest : public server_fixture {};

std::string jsonl(const std::string& metric, const label_set& labels,
                  const std::vector<int64_t>& ts,
                  const std::vector<double>& values) {
  std::string out;
  formats::append_json_line(out, metric, labels, ts, values);
  return out;
}

} // namespace

TEST_F(ingest, jsonl_round_trip_is_bit_identical) {
  std::vector<double> special = {0.1,
                                 -0.0,
                                 0.0,
                                 std::numeric_limits<double>::infinity(),
                                 -std::numeric_limits<double>::infinity(),
                                 std::numeric_limits<double>::denorm_min(),
                                 std::numeric_limits<double>::max(),
                                 -1e-300,
                                 1.0 / 3.0,
                                 std::nan("")};
  std::string body;
  std::vector<int64_t> ts;
  std::vector<double> values;
  // 25,000 points: three write batches and three export lines.
  uint64_t bits = 0x3ff0000000000001;
  for (int i = 0; i < 25000; ++i) {
    ts.push_back(1'700'000'000'000 + i * 1000);
    bits = bits * 6364136223846793005ull + 1442695040888963407ull;
    auto v = i < static_cast<int>(special.size())
                 ? special[i]
                 : std::bit_cast<double>((bits & ~(0x7ffull << 52)) |
                                         (0x3ffull << 52));
    values.push_back(v);
  }
  body += jsonl("cpu", {{"host", "a"}}, ts, values);
  body += jsonl("cpu", {{"host", "b"}}, {1'700'000'000'000}, {42});
  auto res = post("/api/v1/import", body);
  ASSERT_EQ(res.result(), status::no_content) << res.body();
  auto out = get("/api/v1/export?match[]=cpu");
  ASSERT_EQ(out.result(), status::ok) << out.body();
  EXPECT_TRUE(out.chunked());
  auto back = parse_export(out.body());
  ASSERT_EQ(back.size(), 25001u);
  size_t k = 0;
  for (auto& s : back) {
    if (s.labels != label_set{{"host", "a"}}) {
      EXPECT_EQ(s.value, 42);
      continue;
    }
    ASSERT_LT(k, ts.size());
    EXPECT_EQ(s.ts, ts[k]);
    if (std::isnan(values[k]))
      EXPECT_TRUE(std::isnan(s.value));
    else
      EXPECT_EQ(std::bit_cast<uint64_t>(s.value),
                std::bit_cast<uint64_t>(values[k]))
          << k;
    ++k;
  }
  EXPECT_EQ(k, ts.size());
}

TEST_F(ingest, prometheus_text_with_and_without_timestamps) {
  auto res = post("/prometheus/api/v1/import/prometheus",
                  "# HELP cpu CPU\n# TYPE cpu gauge\n"
                  "cpu{host=\"a\"} 1.5 1700000000000\n"
                  "cpu{host=\"b\"} 2\n\n"
                  "up 1 1700000000000\n");
  ASSERT_EQ(res.result(), status::no_content) << res.body();
  EXPECT_EQ(count_points("cpu"), 2u);
  EXPECT_EQ(count_points("up"), 1u);
  auto b = store_->query(raw_query{*parse_selector("cpu{host=\"b\"}")});
  ASSERT_TRUE(b);
  ASSERT_EQ(b->size(), 1u);
  // Stamped with now by the store: after 2020.
  EXPECT_GT((*b)[0].ts[0], 1'577'836'800'000);
}

TEST_F(ingest, bad_lines_are_counted_and_good_lines_stored) {
  std::string body;
  for (int i = 1; i <= 60; ++i) {
    if (i == 17) {
      // Valid JSON, but the store refuses the label name.
      body += jsonl("cpu", {{"bad-name", "x"}}, {1000}, {1});
    } else if (i == 30) {
      body += "{\"metric\":{\"__name__\":\"cpu\"},\"values\":[1]}\n";
    } else if (i == 45) {
      body += jsonl("9bad", {}, {1000}, {1}); // invalid metric name
    } else {
      body += jsonl("cpu", {{"i", std::to_string(i)}}, {1000, 2000}, {1, 2});
    }
  }
  auto res = post("/api/v1/import", body);
  ASSERT_EQ(res.result(), status::bad_request) << res.body();
  EXPECT_EQ(res[field::content_type], "application/json");
  // Check the fields by text: counts, and the lines in order.
  EXPECT_NE(res.body().find("\"accepted_points\":114"), std::string::npos)
      << res.body();
  EXPECT_NE(res.body().find("\"rejected_lines\":3"), std::string::npos);
  auto l17 = res.body().find("{\"line\":17,");
  auto l30 = res.body().find("{\"line\":30,");
  auto l45 = res.body().find("{\"line\":45,");
  ASSERT_NE(l17, std::string::npos);
  ASSERT_NE(l30, std::string::npos);
  ASSERT_NE(l45, std::string::npos);
  EXPECT_LT(l17, l30);
  EXPECT_LT(l30, l45);
  EXPECT_NE(res.body().find("bad-name"), std::string::npos);
  EXPECT_EQ(count_points("cpu"), 114u);
}

TEST_F(ingest, only_the_first_hundred_errors_are_listed) {
  std::string body;
  for (int i = 1; i <= 250; ++i)
    body += i % 2 == 0 ? "garbage\n" : "ok_metric 1 1000\n";
  auto res = post("/api/v1/import/prometheus", body);
  ASSERT_EQ(res.result(), status::bad_request);
  EXPECT_NE(res.body().find("\"accepted_points\":125"), std::string::npos);
  EXPECT_NE(res.body().find("\"rejected_lines\":125"), std::string::npos);
  size_t listed = 0;
  for (size_t p = 0;
       (p = res.body().find("{\"line\":", p)) != std::string::npos; ++p)
    ++listed;
  EXPECT_EQ(listed, 100u);
  EXPECT_NE(res.body().find("{\"line\":2,"), std::string::npos);
  EXPECT_NE(res.body().find("{\"line\":200,"), std::string::npos);
  EXPECT_EQ(res.body().find("{\"line\":202,"), std::string::npos);
  auto metrics = get("/metrics").body();
  EXPECT_NE(metrics.find("timeless_rejected_lines_total{route=\"/api/v1/"
                         "import/prometheus\"} 125"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("timeless_ingested_points_total{route=\"/api/v1/"
                         "import/prometheus\"} 125"),
            std::string::npos);
}

TEST_F(ingest, empty_body_is_204) {
  EXPECT_EQ(post("/api/v1/import", "").result(), status::no_content);
}

TEST_F(ingest, get_is_405) {
  auto res = get("/api/v1/import");
  EXPECT_EQ(res.result(), status::method_not_allowed);
  EXPECT_EQ(res[field::allow], "POST");
}
