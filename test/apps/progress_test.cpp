#include "apps/progress.hpp"

#include <gtest/gtest.h>

using timeless::apps::progress_meter;

// Under the test, stderr is captured into a file: not a terminal, so the
// meter prints a plain line per 10%.
TEST(progress, plain_lines_every_ten_percent_when_not_a_terminal) {
  testing::internal::CaptureStderr();
  {
    progress_meter m{"import x", 1000, true};
    for (uint64_t done = 0; done <= 1000; done += 25)
      m.update(done);
    m.finish();
  }
  auto text = testing::internal::GetCapturedStderr();
  std::string expected;
  for (int pct = 0; pct <= 100; pct += 10)
    expected += "import x: " + std::to_string(pct) + "%\n";
  EXPECT_EQ(text, expected);
}

TEST(progress, silent_when_disabled_or_empty) {
  testing::internal::CaptureStderr();
  {
    progress_meter off{"a", 1000, false};
    off.update(500);
    off.finish();
    progress_meter empty{"b", 0, true};
    empty.update(0);
    empty.finish();
  }
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}
