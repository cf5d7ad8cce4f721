// `timeless serve` as a process, driven by the real curl: gzip and chunked
// request bodies, keep-alive across two URLs, gzip answers, and a clean
// stop on SIGTERM (exit 0, every acknowledged point in the store).

#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>

#include "server/http/gzip.hpp"
#include "test/actors/test_dir.hpp"
#include "test/server/serve_process.hpp"
#include "timeless/blocking_store.hpp"
#include "timeless/error.hpp"

using namespace timeless;

namespace {

void write_file(const std::string& path, const std::string& data) {
  std::ofstream out{path, std::ios::binary};
  out << data;
}

/// Runs a shell command; returns its stdout and sets `status`.
std::string run(const std::string& cmd, int& status) {
  std::string out;
  auto* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) {
    status = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
    out.append(buf, n);
  status = ::pclose(p);
  return out;
}

bool have_curl() {
  int status = 0;
  run("curl --version >/dev/null 2>&1", status);
  return status == 0;
}

} // namespace

TEST(curl, gzip_chunked_keep_alive_and_clean_stop) {
  if (!have_curl())
    GTEST_SKIP() << "curl is not installed";
  test_dir dir;
  test_serve::serve_process proc{
      dir.path + "/data",
      dir.path + "/serve.log",
      {"--shards", "2", "--max-body", "1MiB", "--read-timeout", "10s"}};
  ASSERT_TRUE(proc.ok());
  auto port = proc.wait_port();
  ASSERT_NE(port, 0) << proc.log();
  auto base = "http://127.0.0.1:" + std::to_string(port);
  std::string lines;
  for (int i = 0; i < 2000; ++i)
    lines += "gz{i=\"" + std::to_string(i) + "\"} " + std::to_string(i) +
             " 1700000000000\n";
  write_file(dir.path + "/body.gz", server::gzip(lines));
  int status = 0;
  auto code = run("curl -s -o /dev/null -w '%{http_code}' --data-binary @" +
                      dir.path + "/body.gz -H 'Content-Encoding: gzip' " +
                      base + "/api/v1/import/prometheus",
                  status);
  EXPECT_EQ(code, "204");
  write_file(dir.path + "/body.txt",
             "{\"metric\":{\"__name__\":\"ch\"},\"values\":[1,2],"
             "\"timestamps\":[1700000000000,1700000001000]}\n");
  code = run("curl -s -o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: "
             "chunked' --data-binary @" +
                 dir.path + "/body.txt " + base + "/api/v1/import",
             status);
  EXPECT_EQ(code, "204");
  // Over --max-body: curl sees the 413, not a reset connection.
  write_file(dir.path + "/big.txt", std::string(4 << 20, '\n'));
  code = run("curl -s -o /dev/null -w '%{http_code}' --data-binary @" +
                 dir.path + "/big.txt " + base + "/api/v1/import",
             status);
  EXPECT_EQ(code, "413");
  // Two URLs in one call: the second reuses the connection.
  auto out = run("curl -s -v '" + base + "/api/v1/export?match[]=ch' '" + base +
                     "/health' 2>&1",
                 status);
  EXPECT_NE(out.find("Re-using existing connection"), std::string::npos) << out;
  EXPECT_NE(out.find("\"values\":[1,2]"), std::string::npos) << out;
  EXPECT_NE(out.find("\"status\":\"ok\""), std::string::npos);
  // A gzipped answer, inflated by curl.
  out = run("curl -s --compressed -D - '" + base + "/metrics'", status);
  EXPECT_NE(out.find("Content-Encoding: gzip"), std::string::npos) << out;
  EXPECT_NE(out.find("timeless_ingested_points_total{route=\"/api/v1/import/"
                     "prometheus\"} 2000"),
            std::string::npos);
  auto st = proc.stop();
  ASSERT_TRUE(WIFEXITED(st)) << proc.log();
  EXPECT_EQ(WEXITSTATUS(st), 0) << proc.log();
  EXPECT_NE(proc.log().find("stopped; the store is closed"), std::string::npos);
  store_options o;
  o.data_dir = dir.path + "/data";
  auto store = blocking_store::open(o);
  ASSERT_TRUE(store) << describe(store.error());
  auto gz = (*store)->query(raw_query{selector{"gz", {}}});
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->size(), 2000u);
  auto ch = (*store)->query(raw_query{selector{"ch", {}}});
  ASSERT_TRUE(ch);
  ASSERT_EQ(ch->size(), 1u);
  EXPECT_EQ((*ch)[0].ts.size(), 2u);
}
