#include "server/http/auth.hpp"

#include <gtest/gtest.h>

#include "timeless/error.hpp"

using namespace timeless;
using namespace timeless::server;

namespace {

const std::string all_token = "aaaaaaaaaaaaaaaa1111";
const std::string read_token = "rrrrrrrrrrrrrrrr2222";
const std::string write_token = "wwwwwwwwwwwwwwww3333";

auth_tokens tokens() {
  auto t = parse_auth_tokens("# comment\n\n" + all_token + "\nread  " +
                             read_token + "\r\nwrite\t" + write_token + "\n");
  EXPECT_TRUE(t) << describe(t.error());
  return *t;
}

} // namespace

TEST(auth, token_file_lines_and_scopes) {
  auto t = tokens();
  ASSERT_EQ(t.entries.size(), 3u);
  EXPECT_EQ(t.entries[0].scope, access::all);
  EXPECT_EQ(t.entries[0].token, all_token);
  EXPECT_EQ(t.entries[1].scope, access::read);
  EXPECT_EQ(t.entries[1].token, read_token);
  EXPECT_EQ(t.entries[2].scope, access::write);
  EXPECT_EQ(t.entries[2].token, write_token);
}

TEST(auth, token_file_errors_name_the_line) {
  struct bad_case {
    const char* text;
    const char* expect;
  };
  for (auto [text, expect] : {
           bad_case{"", "holds no token"},
           bad_case{"# only a comment\n", "holds no token"},
           bad_case{"short\n", "line 1: token shorter than 16"},
           bad_case{"\nadmin aaaaaaaaaaaaaaaaaaaa\n", "line 2: unknown scope"},
           bad_case{"read aaaaaaaa\x01"
                    "aaaaaaaaaaa\n",
                    "printable ASCII"},
           bad_case{"read aaaaaaaa aaaaaaaaaaa\n", "printable ASCII"},
       }) {
    auto t = parse_auth_tokens(text);
    ASSERT_FALSE(t) << text;
    EXPECT_NE(describe(t.error()).find(expect), std::string::npos)
        << describe(t.error());
  }
  EXPECT_FALSE(parse_auth_tokens(std::string(4097, 'x')));
  EXPECT_TRUE(parse_auth_tokens(std::string(4096, 'x')));
  EXPECT_TRUE(parse_auth_tokens(std::string(16, 'x')));
  EXPECT_FALSE(parse_auth_tokens(std::string(15, 'x')));
}

TEST(auth, missing_file_is_named) {
  auto t = load_auth_tokens("/nonexistent/tokens");
  ASSERT_FALSE(t);
  EXPECT_NE(describe(t.error()).find("/nonexistent/tokens"), std::string::npos);
}

TEST(auth, off_without_tokens) {
  EXPECT_EQ(check_auth(auth_tokens{}, "", access::write), auth_status::allowed);
}

TEST(auth, scopes_decide) {
  auto t = tokens();
  auto bearer = [](const std::string& x) { return "Bearer " + x; };
  EXPECT_EQ(check_auth(t, bearer(all_token), access::read),
            auth_status::allowed);
  EXPECT_EQ(check_auth(t, bearer(all_token), access::write),
            auth_status::allowed);
  EXPECT_EQ(check_auth(t, bearer(read_token), access::read),
            auth_status::allowed);
  EXPECT_EQ(check_auth(t, bearer(read_token), access::write),
            auth_status::forbidden);
  EXPECT_EQ(check_auth(t, bearer(write_token), access::write),
            auth_status::allowed);
  EXPECT_EQ(check_auth(t, bearer(write_token), access::read),
            auth_status::forbidden);
  EXPECT_EQ(check_auth(t, "bearer  " + all_token + " ", access::read),
            auth_status::allowed);
}

TEST(auth, unknown_and_malformed_headers) {
  auto t = tokens();
  EXPECT_EQ(check_auth(t, "", access::read), auth_status::missing);
  EXPECT_EQ(check_auth(t, "Bearer", access::read), auth_status::missing);
  EXPECT_EQ(check_auth(t, "Bearer ", access::read), auth_status::missing);
  EXPECT_EQ(check_auth(t, "Token " + all_token, access::read),
            auth_status::missing);
  EXPECT_EQ(check_auth(t, "Bearer " + all_token + "x", access::read),
            auth_status::unknown_token);
  EXPECT_EQ(check_auth(t, "Bearer " + all_token.substr(1), access::read),
            auth_status::unknown_token);
  EXPECT_EQ(check_auth(t, "Basic !!!!", access::read), auth_status::missing);
}

TEST(auth, basic_carries_the_token_as_password) {
  auto t = tokens();
  // base64("grafana:aaaaaaaaaaaaaaaa1111")
  EXPECT_EQ(check_auth(t, "Basic Z3JhZmFuYTphYWFhYWFhYWFhYWFhYWFhMTExMQ==",
                       access::write),
            auth_status::allowed);
  // base64(":aaaaaaaaaaaaaaaa1111"): an empty user name is fine.
  EXPECT_EQ(check_auth(t, "Basic OmFhYWFhYWFhYWFhYWFhYWExMTEx", access::read),
            auth_status::allowed);
  // base64("aaaaaaaaaaaaaaaa1111"): no colon, no password.
  EXPECT_EQ(check_auth(t, "Basic YWFhYWFhYWFhYWFhYWFhYTExMTE=", access::read),
            auth_status::missing);
}

TEST(auth, constant_time_equal_compares_whole_strings) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("ab", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_FALSE(constant_time_equal(std::string("ab\0", 3), "ab"));
  EXPECT_FALSE(constant_time_equal("", "a"));
}
