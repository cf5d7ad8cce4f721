// `start` and `end` narrow /api/v1/labels, /api/v1/label/<name>/values and
// /api/v1/series to the series with points in [start, end] (both ends
// inclusive); without them every series is listed (labels_test.cpp).

#include "test/server/server_fixture.hpp"

using namespace timeless;
using namespace timeless::server;

namespace {

/// cpu{dc=eu,host=a} at 1000 s, cpu{host=b} at 2000 s, mem{host=c,kind=rss}
/// at 3000 s.
class labels_window : public server_fixture {
 protected:
  void SetUp() override {
    server_fixture::SetUp();
    ASSERT_TRUE(store_->write(std::vector<sample>{
        {"cpu", {{"host", "a"}, {"dc", "eu"}}, 1'000'000, 1},
        {"cpu", {{"host", "b"}}, 2'000'000, 1},
        {"mem", {{"host", "c"}, {"kind", "rss"}}, 3'000'000, 1},
    }));
  }

  std::string data(const std::string& target) {
    auto res = get(target);
    EXPECT_EQ(res.result_int(), 200) << target << ": " << res.body();
    const std::string head = "{\"status\":\"success\",\"data\":";
    EXPECT_EQ(res.body().rfind(head, 0), 0u) << res.body();
    auto out = res.body().substr(head.size());
    return out.substr(0, out.size() - 2); // "}\n"
  }
};

} // namespace

TEST_F(labels_window, label_names_of_series_in_the_window) {
  EXPECT_EQ(data("/api/v1/labels?start=1500&end=2500"),
            "[\"__name__\",\"host\"]");
  EXPECT_EQ(data("/api/v1/labels?start=0&end=1000"),
            "[\"__name__\",\"dc\",\"host\"]");
  EXPECT_EQ(data("/api/v1/labels?start=2500"),
            "[\"__name__\",\"host\",\"kind\"]");
  EXPECT_EQ(data("/api/v1/labels?match[]=mem&end=2500"), "[]");
}

TEST_F(labels_window, empty_window_lists_nothing) {
  EXPECT_EQ(data("/api/v1/labels?start=0&end=999"), "[]");
  EXPECT_EQ(data("/api/v1/label/host/values?start=4000"), "[]");
  EXPECT_EQ(data("/api/v1/label/__name__/values?start=1001&end=1999"), "[]");
  EXPECT_EQ(data("/api/v1/series?match[]=cpu&start=1001&end=1999"), "[]");
}

TEST_F(labels_window, label_values_of_series_in_the_window) {
  EXPECT_EQ(data("/api/v1/label/host/values?start=1500&end=3500"),
            "[\"b\",\"c\"]");
  EXPECT_EQ(data("/api/v1/label/host/values?match[]=cpu&start=1500&end=3500"),
            "[\"b\"]");
  EXPECT_EQ(data("/api/v1/label/__name__/values?start=2500&end=3500"),
            "[\"mem\"]");
  EXPECT_EQ(data("/api/v1/label/__name__/values?end=2000"), "[\"cpu\"]");
  EXPECT_EQ(data("/api/v1/label/host/values?metric=cpu&from=0&to=1500"),
            "[\"a\"]");
}

TEST_F(labels_window, series_in_the_window_each_once) {
  EXPECT_EQ(data("/api/v1/series?match[]=cpu&start=0&end=1500"),
            "[{\"__name__\":\"cpu\",\"dc\":\"eu\",\"host\":\"a\"}]");
  // Two selectors matching the same series: listed once.
  EXPECT_EQ(data("/api/v1/series?match[]=cpu&match[]=cpu%7Bhost%3D%22b%22%7D"
                 "&start=1500&end=2500"),
            "[{\"__name__\":\"cpu\",\"host\":\"b\"}]");
  // The original's form, windowed by from/to.
  EXPECT_EQ(data("/api/v1/series?metric=mem&from=2999&to=3001"),
            "[{\"__name__\":\"mem\",\"host\":\"c\",\"kind\":\"rss\"}]");
}

TEST_F(labels_window, both_ends_are_inclusive) {
  EXPECT_EQ(data("/api/v1/series?match[]=cpu&start=2000&end=2000"),
            "[{\"__name__\":\"cpu\",\"host\":\"b\"}]");
  EXPECT_EQ(data("/api/v1/series?match[]=cpu&start=2000.001&end=2999"), "[]");
  EXPECT_EQ(data("/api/v1/series?match[]=cpu&start=1001&end=1999.999"), "[]");
  EXPECT_EQ(data("/api/v1/series?match[]=mem&start=1&end=3000"),
            "[{\"__name__\":\"mem\",\"host\":\"c\",\"kind\":\"rss\"}]");
}

TEST_F(labels_window, points_added_later_widen_the_answer) {
  EXPECT_EQ(data("/api/v1/label/host/values?start=5000&end=6000"), "[]");
  ASSERT_TRUE(store_->write(std::vector<sample>{
      {"cpu", {{"host", "a"}, {"dc", "eu"}}, 5'500'000, 2}}));
  EXPECT_EQ(data("/api/v1/label/host/values?start=5000&end=6000"), "[\"a\"]");
}
