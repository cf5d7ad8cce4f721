// timeless/version.hpp (generated from version.hpp.in) against the
// constants the engine really uses: a format version bumped in codec/ or db/
// but not in the public header fails here (and at compile time).
#include "timeless/version.hpp"

#include <gtest/gtest.h>

#include <string>

#include "codec/segment_codec.hpp"
#include "db/schema.hpp"
#include "db/wal_format.hpp"

using namespace timeless;

static_assert(timeless::schema_version == db::schema_version);
static_assert(segment_format_version == codec::segment_version);
static_assert(min_segment_format_version == codec::min_segment_version);
static_assert(wal_format_version == db::wal::version);

TEST(version, format_versions_match_the_engine) {
  EXPECT_EQ(timeless::schema_version, db::schema_version);
  EXPECT_EQ(segment_format_version, uint32_t{codec::segment_version});
  EXPECT_EQ(min_segment_format_version, uint32_t{codec::min_segment_version});
  EXPECT_EQ(wal_format_version, uint32_t{db::wal::version});
}

TEST(version, release_string_is_major_minor_patch) {
  EXPECT_EQ(std::string{timeless::version},
            std::to_string(version_major) + "." +
                std::to_string(version_minor) + "." +
                std::to_string(version_patch));
}
