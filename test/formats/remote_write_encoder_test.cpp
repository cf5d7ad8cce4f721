#include "formats/remote_write_encoder.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

using namespace timeless;
using namespace timeless::formats;

TEST(remote_write_encoder, consecutive_samples_of_a_series_are_grouped) {
  std::vector<sample> in{
      {"a", {{"k", "1"}}, 1, 10}, {"a", {{"k", "1"}}, 2, 20},
      {"a", {{"k", "2"}}, 3, 30}, {"b", {}, 4, 40},
      {"a", {{"k", "1"}}, 5, 50},
  };
  remote_write_decoder d;
  ASSERT_FALSE(d.decode_uncompressed(encode_write_request(std::span{in})));
  ASSERT_EQ(d.series().size(), 4u);
  EXPECT_EQ(d.series()[0].ts, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(d.series()[0].values, (std::vector<double>{10, 20}));
  EXPECT_EQ(d.series()[1].labels, (label_set{{"k", "2"}}));
  EXPECT_EQ(d.series()[2].metric, "b");
  EXPECT_TRUE(d.series()[2].labels.empty());
  EXPECT_EQ(d.series()[3].ts, (std::vector<int64_t>{5}));
  EXPECT_EQ(d.points(), 5u);
}

TEST(remote_write_encoder, no_samples_is_an_empty_request) {
  EXPECT_EQ(encode_write_request(std::span<const sample>{}), "");
}

TEST(remote_write_encoder, name_label_comes_first) {
  std::vector<rw_series> in{{"m", {{"a", "b"}}, {1}, {2}}};
  auto bytes = encode_write_request(in);
  // TimeSeries (0x0A len), Label (0x0A len), name (0x0A 8 "__name__").
  ASSERT_GE(bytes.size(), 14u);
  EXPECT_EQ(bytes.substr(6, 8), "__name__");
}

TEST(remote_write_encoder, snappy_compresses_and_round_trips) {
  std::vector<rw_series> in{{"m", {{"a", "b"}}, {}, {}}};
  for (int i = 0; i < 1000; ++i) {
    in[0].ts.push_back(1'700'000'000'000 + i * 15'000);
    in[0].values.push_back(1);
  }
  auto bytes = encode_write_request(in);
  auto body = snappy_compress(bytes);
  EXPECT_LT(body.size(), bytes.size() / 2);
  remote_write_decoder d;
  ASSERT_FALSE(d.decode(body, bytes.size()));
  ASSERT_EQ(d.series().size(), 1u);
  EXPECT_EQ(d.series()[0].ts, in[0].ts);
  EXPECT_EQ(d.series()[0].values, in[0].values);
}
