#include "formats/remote_write.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "formats/error_text.hpp"
#include "formats/remote_write_encoder.hpp"

using namespace timeless;
using namespace timeless::formats;

namespace {

// -- writing protobuf by hand -------------------------------------------------

std::string varint(uint64_t x) {
  std::string out;
  while (x >= 0x80) {
    out += static_cast<char>((x & 0x7F) | 0x80);
    x >>= 7;
  }
  out += static_cast<char>(x);
  return out;
}

std::string key(uint32_t field, uint32_t wt) {
  return varint((uint64_t{field} << 3) | wt);
}

std::string len_field(uint32_t field, std::string_view body) {
  return key(field, 2) + varint(body.size()) + std::string{body};
}

std::string varint_field(uint32_t field, uint64_t x) {
  return key(field, 0) + varint(x);
}

std::string double_field(uint32_t field, double x) {
  auto bits = std::bit_cast<uint64_t>(x);
  std::string out = key(field, 1);
  for (int i = 0; i < 8; ++i)
    out += static_cast<char>((bits >> (8 * i)) & 0xFF);
  return out;
}

std::string label_msg(std::string_view name, std::string_view value) {
  return len_field(1, len_field(1, name) + len_field(2, value));
}

std::string sample_msg(double value, int64_t ts) {
  return len_field(2, double_field(1, value) +
                          varint_field(2, static_cast<uint64_t>(ts)));
}

/// A WriteRequest with one TimeSeries of the given body.
std::string request(std::string_view series_body) {
  return len_field(1, series_body);
}

label_set labels(std::initializer_list<std::pair<const char*, const char*>> l) {
  label_set out;
  for (auto& [n, v] : l)
    out.push_back(label{n, v});
  return out;
}

std::string decode_error(std::string_view bytes) {
  remote_write_decoder d;
  auto err = d.decode_uncompressed(bytes);
  EXPECT_TRUE(err);
  EXPECT_TRUE(d.series().empty());
  return error_text(err);
}

std::string body_error(std::string_view body, size_t max = 1 << 20) {
  remote_write_decoder d;
  auto err = d.decode(body, max);
  EXPECT_TRUE(err);
  return error_text(err);
}

bool same_bits(double a, double b) {
  return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}

std::vector<rw_series> two_series() {
  return {
      {"http_requests_total",
       labels({{"job", "api"}, {"instance", "a:9090"}}),
       {1'700'000'000'000, 1'700'000'015'000, -1,
        std::numeric_limits<int64_t>::max()},
       {1, 2.5, -0.0, INFINITY}},
      {"up", {}, {0}, {std::numeric_limits<double>::quiet_NaN()}},
  };
}

} // namespace

// -- round trips --------------------------------------------------------------

TEST(remote_write, round_trip_through_libprotobuf_and_snappy) {
  auto in = two_series();
  std::vector<rw_metadata> meta{
      {rw_metric_type::counter, "http_requests_total", "Requests.", ""},
      {rw_metric_type::gauge, "up", "", "seconds"}};
  auto body = snappy_compress(encode_write_request(in, meta));
  remote_write_decoder d;
  ASSERT_FALSE(d.decode(body, 1 << 20));
  ASSERT_EQ(d.series().size(), 2u);
  EXPECT_EQ(d.points(), 5u);
  for (size_t i = 0; i < in.size(); ++i) {
    auto& got = d.series()[i];
    EXPECT_EQ(got.metric, in[i].metric);
    EXPECT_EQ(got.labels, in[i].labels);
    EXPECT_EQ(got.ts, in[i].ts);
    ASSERT_EQ(got.values.size(), in[i].values.size());
    for (size_t k = 0; k < got.values.size(); ++k)
      EXPECT_TRUE(same_bits(got.values[k], in[i].values[k])) << i << " " << k;
  }
  ASSERT_EQ(d.metadata().size(), 2u);
  EXPECT_EQ(d.metadata()[0].type, rw_metric_type::counter);
  EXPECT_EQ(d.metadata()[0].family, "http_requests_total");
  EXPECT_EQ(d.metadata()[0].help, "Requests.");
  EXPECT_EQ(d.metadata()[1].type, rw_metric_type::gauge);
  EXPECT_EQ(d.metadata()[1].unit, "seconds");
}

TEST(remote_write, empty_request) {
  remote_write_decoder d;
  ASSERT_FALSE(d.decode(snappy_compress(""), 1 << 20));
  EXPECT_TRUE(d.series().empty());
  EXPECT_TRUE(d.metadata().empty());
  EXPECT_EQ(d.points(), 0u);
}

TEST(remote_write, labels_keep_their_order_and_name_may_come_anywhere) {
  auto bytes = request(label_msg("b", "2") + sample_msg(7, 3) +
                       label_msg("__name__", "m") + label_msg("a", "1"));
  remote_write_decoder d;
  ASSERT_FALSE(d.decode_uncompressed(bytes));
  ASSERT_EQ(d.series().size(), 1u);
  EXPECT_EQ(d.series()[0].metric, "m");
  EXPECT_EQ(d.series()[0].labels, labels({{"b", "2"}, {"a", "1"}}));
  EXPECT_EQ(d.series()[0].ts, std::vector<int64_t>{3});
}

TEST(remote_write, empty_sample_message_is_zero_at_zero) {
  remote_write_decoder d;
  ASSERT_FALSE(d.decode_uncompressed(
      request(label_msg("__name__", "m") + len_field(2, ""))));
  ASSERT_EQ(d.points(), 1u);
  EXPECT_EQ(d.series()[0].ts[0], 0);
  EXPECT_EQ(d.series()[0].values[0], 0);
}

TEST(remote_write, repeated_scalar_fields_keep_the_last) {
  auto s = len_field(2, double_field(1, 1) + double_field(1, 2) +
                            varint_field(2, 5) + varint_field(2, 6));
  remote_write_decoder d;
  ASSERT_FALSE(d.decode_uncompressed(request(label_msg("__name__", "m") + s)));
  EXPECT_EQ(d.series()[0].values[0], 2);
  EXPECT_EQ(d.series()[0].ts[0], 6);
}

TEST(remote_write, unknown_fields_are_skipped_at_every_level) {
  auto label = len_field(1, len_field(1, "__name__") + len_field(2, "m") +
                                varint_field(3, 1));
  auto sample = len_field(2, double_field(1, 4) + varint_field(2, 9) +
                                 key(7, 5) + std::string(4, 'x'));
  auto series = label + sample + len_field(3, "exemplar") +
                len_field(4, "histogram") + double_field(9, 1);
  auto bytes = len_field(2, "cortex source") + request(series) +
               varint_field(99, 12345) + key(98, 1) + std::string(8, 'y') +
               key(97, 5) + std::string(4, 'z');
  remote_write_decoder d;
  ASSERT_FALSE(d.decode_uncompressed(bytes));
  ASSERT_EQ(d.series().size(), 1u);
  EXPECT_EQ(d.series()[0].values, std::vector<double>{4});
  EXPECT_EQ(d.series()[0].ts, std::vector<int64_t>{9});
}

TEST(remote_write, series_without_samples_are_left_out_and_counted) {
  auto bytes = request(label_msg("__name__", "h") + len_field(4, "hist")) +
               request(label_msg("__name__", "m") + sample_msg(1, 1));
  remote_write_decoder d;
  ASSERT_FALSE(d.decode_uncompressed(bytes));
  ASSERT_EQ(d.series().size(), 1u);
  EXPECT_EQ(d.series()[0].metric, "m");
  EXPECT_EQ(d.series_without_samples(), 1u);
}

TEST(remote_write, extreme_timestamps_and_ten_byte_varints) {
  remote_write_decoder d;
  ASSERT_FALSE(d.decode_uncompressed(request(
      label_msg("__name__", "m") +
      sample_msg(1, std::numeric_limits<int64_t>::min() + 1) +
      sample_msg(2, -1) + sample_msg(3, std::numeric_limits<int64_t>::max()))));
  EXPECT_EQ(d.series()[0].ts,
            (std::vector<int64_t>{std::numeric_limits<int64_t>::min() + 1, -1,
                                  std::numeric_limits<int64_t>::max()}));
}

TEST(remote_write, metadata_types_and_unknown_enum_values) {
  std::string bytes;
  for (uint64_t t = 0; t <= 9; ++t)
    bytes += len_field(3, varint_field(1, t) + len_field(2, "f"));
  remote_write_decoder d;
  ASSERT_FALSE(d.decode_uncompressed(bytes));
  ASSERT_EQ(d.metadata().size(), 10u);
  for (uint64_t t = 0; t <= 7; ++t)
    EXPECT_EQ(d.metadata()[t].type, static_cast<rw_metric_type>(t));
  EXPECT_EQ(d.metadata()[8].type, rw_metric_type::unknown);
  EXPECT_EQ(d.metadata()[9].type, rw_metric_type::unknown);
}

TEST(remote_write, decoder_reuse_gives_only_the_last_request) {
  remote_write_decoder d;
  auto big = two_series();
  ASSERT_FALSE(d.decode(snappy_compress(encode_write_request(big)), 1 << 20));
  std::vector<rw_series> small{{"x", labels({{"k", "v"}}), {5}, {6}}};
  ASSERT_FALSE(d.decode(snappy_compress(encode_write_request(small)), 1 << 20));
  ASSERT_EQ(d.series().size(), 1u);
  EXPECT_EQ(d.series()[0].metric, "x");
  EXPECT_EQ(d.series()[0].labels, labels({{"k", "v"}}));
  EXPECT_EQ(d.series()[0].ts, std::vector<int64_t>{5});
  EXPECT_EQ(d.points(), 1u);
  EXPECT_TRUE(d.decode("garbage", 1 << 20));
  EXPECT_TRUE(d.series().empty());
  EXPECT_EQ(d.points(), 0u);
}

// -- snappy -------------------------------------------------------------------

TEST(remote_write, empty_body_is_corrupt_snappy) {
  EXPECT_EQ(body_error(""), "snappy: corrupt input");
}

TEST(remote_write, garbage_is_corrupt_snappy) {
  EXPECT_EQ(body_error("\xFF\xFF\xFF\xFF\xFF\xFF"), "snappy: corrupt input");
  // A valid length header followed by a copy before any literal.
  EXPECT_EQ(body_error(std::string{"\x05\x01\x00", 3}),
            "snappy: corrupt input");
}

TEST(remote_write, truncated_snappy_body) {
  auto in = two_series();
  auto body = snappy_compress(encode_write_request(in));
  body.pop_back();
  EXPECT_EQ(body_error(body), "snappy: corrupt input");
}

TEST(remote_write, decompressed_size_limit_is_inclusive) {
  auto bytes = encode_write_request(two_series());
  auto body = snappy_compress(bytes);
  remote_write_decoder d;
  EXPECT_FALSE(d.decode(body, bytes.size()));
  EXPECT_EQ(body_error(body, bytes.size() - 1),
            "decompressed body over " + std::to_string(bytes.size() - 1) +
                " bytes");
}

TEST(remote_write, huge_declared_length_is_refused_before_allocating) {
  // A header claiming 2^32 - 1 bytes, and nothing else.
  auto body = varint(0xFFFFFFFF);
  EXPECT_EQ(body_error(body, 64 << 20),
            "decompressed body over 67108864 bytes");
}

// -- protobuf errors ----------------------------------------------------------

TEST(remote_write, truncated_varint) {
  EXPECT_EQ(decode_error("\x0A\x80"), "protobuf: truncated varint at byte 1");
  EXPECT_EQ(decode_error("\x80"), "protobuf: truncated varint at byte 0");
}

TEST(remote_write, varint_over_64_bits) {
  auto bytes = key(99, 0) + std::string(9, '\xFF') + "\x02";
  EXPECT_EQ(decode_error(bytes), "protobuf: varint over 64 bits at byte 2");
  bytes = key(99, 0) + std::string(10, '\xFF') + "\x01";
  EXPECT_EQ(decode_error(bytes), "protobuf: varint over 64 bits at byte 2");
  // The largest ten-byte varint is fine.
  remote_write_decoder d;
  EXPECT_FALSE(
      d.decode_uncompressed(key(99, 0) + std::string(9, '\xFF') + "\x01"));
}

TEST(remote_write, length_past_the_end) {
  EXPECT_EQ(decode_error("\x0A\x05\x00"),
            "protobuf: length 5 past the end of the message at byte 1");
  // Inside a nested message: the offset is still from the body's start.
  auto inner = std::string{"\x0A\x09"} + "\x0A\x03" + "ab";
  EXPECT_EQ(decode_error(len_field(1, inner)),
            "protobuf: length 9 past the end of the message at byte 3");
}

TEST(remote_write, groups_are_unsupported) {
  EXPECT_EQ(decode_error(key(5, 3)),
            "protobuf: unsupported wire type 3 at byte 0");
  EXPECT_EQ(decode_error(key(5, 4)),
            "protobuf: unsupported wire type 4 at byte 0");
  EXPECT_EQ(decode_error(key(5, 6)),
            "protobuf: unsupported wire type 6 at byte 0");
}

TEST(remote_write, field_number_zero) {
  EXPECT_EQ(decode_error(std::string{"\x02\x00", 2}),
            "protobuf: invalid field number 0 at byte 0");
}

TEST(remote_write, wrong_wire_types_of_known_fields) {
  EXPECT_EQ(decode_error(varint_field(1, 1)),
            "protobuf: WriteRequest field 1 has wire type 0 (expected 2) at "
            "byte 0");
  EXPECT_EQ(decode_error(request(varint_field(2, 1))),
            "protobuf: TimeSeries field 2 has wire type 0 (expected 2) at "
            "byte 2");
  EXPECT_EQ(decode_error(request(len_field(1, varint_field(1, 1)))),
            "protobuf: Label field 1 has wire type 0 (expected 2) at byte 4");
  EXPECT_EQ(decode_error(request(len_field(2, varint_field(1, 1)))),
            "protobuf: Sample field 1 has wire type 0 (expected 1) at byte 4");
  EXPECT_EQ(decode_error(request(len_field(2, double_field(2, 1)))),
            "protobuf: Sample field 2 has wire type 1 (expected 0) at byte 4");
  EXPECT_EQ(decode_error(len_field(3, len_field(1, ""))),
            "protobuf: MetricMetadata field 1 has wire type 2 (expected 0) at "
            "byte 2");
}

TEST(remote_write, truncated_fixed_fields) {
  EXPECT_EQ(decode_error(request(len_field(2, key(1, 1) + "1234567"))),
            "protobuf: truncated 64-bit field at byte 5");
  EXPECT_EQ(decode_error(key(9, 5) + "123"),
            "protobuf: truncated 32-bit field at byte 1");
}

TEST(remote_write, truncated_timestamp_in_a_prometheus_ordered_sample) {
  // Value, then a timestamp varint cut short: 11 bytes, as the fast path
  // expects, and still an error at the varint.
  auto sample = key(1, 1) + std::string(8, '\0') + key(2, 0) + "\x80";
  EXPECT_EQ(
      decode_error(request(label_msg("__name__", "m") + len_field(2, sample))),
      "protobuf: truncated varint at byte 29");
}

TEST(remote_write, sample_fields_in_reverse_order) {
  auto sample = varint_field(2, 42) + double_field(1, 0.5);
  remote_write_decoder d;
  ASSERT_FALSE(d.decode_uncompressed(
      request(label_msg("__name__", "m") + len_field(2, sample))));
  EXPECT_EQ(d.series()[0].ts, std::vector<int64_t>{42});
  EXPECT_EQ(d.series()[0].values, std::vector<double>{0.5});
}

// -- series errors ------------------------------------------------------------

TEST(remote_write, series_without_a_name_is_named_by_its_labels) {
  EXPECT_EQ(decode_error(request(label_msg("job", "a") + sample_msg(1, 1))),
            "series {job=\"a\"} has no __name__ label");
  EXPECT_EQ(decode_error(request(sample_msg(1, 1))),
            "series {} has no __name__ label");
}

TEST(remote_write, two_names_or_an_empty_name) {
  EXPECT_EQ(
      decode_error(request(label_msg("__name__", "a") +
                           label_msg("__name__", "b") + sample_msg(1, 1))),
      "series {} has more than one __name__ label");
  EXPECT_EQ(decode_error(request(label_msg("__name__", "") +
                                 label_msg("k", "v") + sample_msg(1, 1))),
            "series {k=\"v\"} has an empty __name__ label");
}

TEST(remote_write, reserved_timestamp_names_the_series) {
  EXPECT_EQ(
      decode_error(request(label_msg("__name__", "m") + label_msg("k", "v") +
                           sample_msg(1, std::numeric_limits<int64_t>::min()))),
      "series m{k=\"v\"}: timestamp -9223372036854775808 is out of "
      "range");
}

TEST(remote_write, a_bad_series_after_good_ones_fails_the_request) {
  auto bytes = request(label_msg("__name__", "ok") + sample_msg(1, 1)) +
               request(sample_msg(1, 1));
  remote_write_decoder d;
  EXPECT_TRUE(d.decode_uncompressed(bytes));
  EXPECT_TRUE(d.series().empty());
  EXPECT_EQ(d.points(), 0u);
}
