#pragma once

// `timeless serve` (the binary CMake built, TIMELESS_CLI) as a child
// process on 127.0.0.1 and a free port, its stderr in a log file: for the
// tests that need the real process (curl, kill -9, flags).

#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace timeless::test_serve {

inline std::string read_file(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// `timeless serve --data-dir DATA --listen 127.0.0.1:0 EXTRA...`, killed
/// with SIGKILL by the destructor if still running.
class serve_process {
 public:
  serve_process(const std::string& data_dir, const std::string& log,
                const std::vector<std::string>& extra)
      : log_(log) {
    std::vector<std::string> args = {TIMELESS_CLI, "serve",    "--data-dir",
                                     data_dir,     "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
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

  serve_process(const serve_process&) = delete;
  serve_process& operator=(const serve_process&) = delete;

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
      if (::waitpid(pid_, &status_, WNOHANG) == pid_) {
        reaped_ = true;
        return 0;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
  }

  /// Sends `sig` and returns the wait status.
  int signal_and_wait(int sig) {
    if (!reaped_) {
      ::kill(pid_, sig);
      ::waitpid(pid_, &status_, 0);
      reaped_ = true;
    }
    return status_;
  }

  /// Sends SIGTERM and returns the exit status.
  int stop() { return signal_and_wait(SIGTERM); }

  /// Waits for the process to end by itself; returns its wait status.
  int wait() {
    if (!reaped_) {
      ::waitpid(pid_, &status_, 0);
      reaped_ = true;
    }
    return status_;
  }

  bool ok() const { return ok_; }
  pid_t pid() const { return pid_; }
  std::string log() const { return read_file(log_); }

 private:
  std::string log_;
  pid_t pid_ = -1;
  int status_ = 0;
  bool ok_ = false;
  bool reaped_ = false;
};

} // namespace timeless::test_serve
