// Runs every test/promql/testdata/*.test script (see script_runner.hpp).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "test/promql/script_runner.ipp"

using namespace timeless::promql::testing;

namespace {

std::filesystem::path testdata() {
  if (auto* src = std::getenv("TIMELESS_SOURCE_DIR"))
    return std::filesystem::path{src} / "test/promql/testdata";
  return std::filesystem::path{__FILE__}.parent_path() / "testdata";
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in{p};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

} // namespace

TEST(script, every_testdata_file_passes) {
  int files = 0;
  for (auto& entry : std::filesystem::directory_iterator{testdata()}) {
    if (entry.path().extension() != ".test")
      continue;
    ++files;
    int checks = 0;
    auto failures = run_script(slurp(entry.path()), &checks);
    EXPECT_GT(checks, 0) << entry.path();
    for (auto& f : failures)
      ADD_FAILURE() << entry.path().filename().string() << ":" << f.line << ": "
                    << f.message;
  }
  EXPECT_GT(files, 0);
}

TEST(script, runner_reports_wrong_expectations) {
  auto failures = run_script("load 1m\n  a 1 2\n\neval instant at 1m a\n"
                             "  a 3\n");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].line, 4);
}

TEST(script, runner_reports_unexpected_success) {
  auto failures = run_script("load 1m\n  a 1\n\neval_fail instant at 0m a\n");
  EXPECT_EQ(failures.size(), 1u);
}

TEST(script, runner_expands_series_notation) {
  auto failures = run_script("load 1m\n  a 1+2x2 _ 0-1x1 3x1 stale\n\n"
                             "eval range from 0 to 8m step 1m a\n"
                             "  a 1 3 5 5 0 -1 3 3 _\n");
  EXPECT_TRUE(failures.empty()) << failures[0].message;
}
