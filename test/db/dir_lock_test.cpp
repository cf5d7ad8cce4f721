#include "db/dir_lock.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test/db/test_dir.hpp"

using namespace timeless::db;
using timeless::db::testing::test_dir;

TEST(dir_lock, second_acquire_in_same_process_is_locked) {
  test_dir dir;
  std::unique_ptr<dir_lock> a;
  ASSERT_TRUE(dir_lock::acquire(dir.path(), a).is_ok());
  std::unique_ptr<dir_lock> b;
  auto st = dir_lock::acquire(dir.path(), b);
  EXPECT_EQ(st.get_code(), status::code::locked);
  EXPECT_EQ(b, nullptr);
  auto want = "data directory " + dir.path() +
              " is in use by another process (pid " + std::to_string(getpid()) +
              ")";
  EXPECT_EQ(st.message(), want);
}

TEST(dir_lock, released_by_destructor) {
  test_dir dir;
  std::unique_ptr<dir_lock> a;
  ASSERT_TRUE(dir_lock::acquire(dir.path(), a).is_ok());
  a.reset();
  ASSERT_TRUE(dir_lock::acquire(dir.path(), a).is_ok());
  EXPECT_EQ(a->path(), dir.path() + "/LOCK");
}

TEST(dir_lock, held_lock_refuses_forked_child) {
  test_dir dir;
  std::unique_ptr<dir_lock> a;
  ASSERT_TRUE(dir_lock::acquire(dir.path(), a).is_ok());
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::unique_ptr<dir_lock> b;
    auto st = dir_lock::acquire(dir.path(), b);
    _exit(st.get_code() == status::code::locked ? 0 : 1);
  }
  int wstatus = 0;
  ASSERT_EQ(waitpid(child, &wstatus, 0), child);
  ASSERT_TRUE(WIFEXITED(wstatus));
  EXPECT_EQ(WEXITSTATUS(wstatus), 0);
}

TEST(dir_lock, missing_directory_is_io_error_naming_path) {
  test_dir dir;
  std::unique_ptr<dir_lock> a;
  auto st = dir_lock::acquire(dir.file("absent"), a);
  EXPECT_EQ(st.get_code(), status::code::io_error);
  EXPECT_NE(st.message().find(dir.file("absent") + "/LOCK"), std::string::npos)
      << st.to_string();
}
