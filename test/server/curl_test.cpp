// `timeless serve` as a process, driven by the real curl: gzip and chunked
// request bodies, keep-alive across two URLs, gzip answers, and a clean
// stop on SIGTERM (exit 0, every acknowledged point in the store).

#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "server/http/gzip.hpp"
#include "test/actors/test_dir.hpp"
#include "timeless/blocking_store.hpp"
#include "timeless/error.hpp"

extern char** environ;

using namespace timeless;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

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

/// `timeless serve` on a free port; stopped by SIGTERM to its own pid.
class serve_process {
 public:
  explicit serve_process(const std::string& dir) : log_(dir + "/serve.log") {
    std::string data = dir + "/data";
    std::vector<std::string> args = {TIMELESS_CLI, "serve",    "--data-dir",
                                     data,         "--listen", "127.0.0.1:0",
                                     "--shards",   "2",        "--read-timeout",
                                     "10s"};
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 2, log_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ok_ = posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ) == 0;
    posix_spawn_file_actions_destroy(&fa);
  }

  ~serve_process() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      int st = 0;
      ::waitpid(pid_, &st, 0);
    }
  }

  /// Waits for the "listening on" line; returns the port, or 0 if the
  /// process ended first.
  uint16_t wait_port() {
    const std::string key = "listening on 127.0.0.1:";
    for (;;) {
      auto text = read_file(log_);
      if (auto p = text.find(key); p != std::string::npos) {
        auto end = text.find(' ', p + key.size());
        if (end != std::string::npos)
          return static_cast<uint16_t>(
              std::stoi(text.substr(p + key.size(), end - p - key.size())));
      }
      int st = 0;
      if (::waitpid(pid_, &st, WNOHANG) == pid_) {
        reaped_ = true;
        return 0;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
  }

  /// Sends SIGTERM and returns the exit status.
  int stop() {
    ::kill(pid_, SIGTERM);
    int st = 0;
    ::waitpid(pid_, &st, 0);
    reaped_ = true;
    return st;
  }

  bool ok() const { return ok_; }
  std::string log() const { return read_file(log_); }

 private:
  std::string log_;
  pid_t pid_ = -1;
  bool ok_ = false;
  bool reaped_ = false;
};

} // namespace

TEST(curl, gzip_chunked_keep_alive_and_clean_stop) {
  if (!have_curl())
    GTEST_SKIP() << "curl is not installed";
  test_dir dir;
  serve_process proc{dir.path};
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
