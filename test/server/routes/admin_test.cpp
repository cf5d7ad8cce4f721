#include <filesystem>
#include <fstream>

#include "test/server/server_fixture.hpp"

using namespace timeless;
using namespace timeless::server;
using test_http::http::status;
namespace fs = std::filesystem;

namespace {

class admin_route : public server_fixture {
 protected:
  test_dir out_;
};

} // namespace

TEST_F(admin_route, backup_with_a_parameter_answers_the_report) {
  ASSERT_EQ(post("/api/v1/import/prometheus",
                 "# TYPE x counter\n# HELP x Things.\nx 1 1000\ny 2 1000\n")
                .result(),
            status::no_content);
  ASSERT_EQ(post("/api/v1/annotations", "{\"title\":\"deploy\"}").result(),
            status::created);
  auto dest = out_.path + "/b1";
  auto res = post("/api/v1/admin/backup?to=" + dest, "");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(
      res.body().rfind("{\"path\":\"" + dest + "\",\"files\":2,\"bytes\":" +
                           std::to_string(fs::file_size(dest + "/timeless.db") +
                                          fs::file_size(dest + "/catalog.db")) +
                           ",\"duration_ms\":",
                       0),
      0u)
      << res.body();
  EXPECT_FALSE(verify_backup(dest));
  auto r = restore_backup(dest, out_.path + "/r");
  ASSERT_TRUE(r) << describe(r.error());
  store_options o;
  o.data_dir = out_.path + "/r";
  auto s = blocking_store::open(o);
  ASSERT_TRUE(s) << describe(s.error());
  auto names = (*s)->metrics();
  ASSERT_TRUE(names);
  EXPECT_EQ(*names, (std::vector<std::string>{"x", "y"}));
  // The catalog came along: learned metadata and the annotation.
  auto meta = (*s)->metadata("x");
  ASSERT_TRUE(meta) << describe(meta.error());
  ASSERT_EQ(meta->size(), 1u);
  EXPECT_EQ((*meta)[0].type, "counter");
  EXPECT_EQ((*meta)[0].help, "Things.");
  auto notes = (*s)->annotations(annotation_query{});
  ASSERT_TRUE(notes) << describe(notes.error());
  ASSERT_EQ(notes->size(), 1u);
  EXPECT_EQ((*notes)[0].title, "deploy");
}

TEST_F(admin_route, backup_with_a_json_body) {
  auto dest = out_.path + "/b2";
  auto res =
      post("/api/v1/admin/backup", "{\"other\":[1,2],\"to\":\"" + dest + "\"}",
           {{test_http::http::field::content_type, "application/json"}});
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_TRUE(fs::exists(dest + "/MANIFEST"));
}

TEST_F(admin_route, a_non_empty_destination_is_a_400_naming_it) {
  std::ofstream{out_.path + "/keep"} << "mine";
  auto res = post("/api/v1/admin/backup?to=" + out_.path, "");
  ASSERT_EQ(res.result(), status::bad_request) << res.body();
  EXPECT_NE(res.body().find(out_.path + " exists and is not empty"),
            std::string::npos)
      << res.body();
  EXPECT_FALSE(fs::exists(out_.path + "/timeless.db"));
}

TEST_F(admin_route, a_missing_or_relative_destination_is_a_400) {
  auto res = post("/api/v1/admin/backup", "");
  ASSERT_EQ(res.result(), status::bad_request);
  EXPECT_NE(res.body().find("name the backup directory"), std::string::npos)
      << res.body();
  res = post("/api/v1/admin/backup?to=relative/dir", "");
  ASSERT_EQ(res.result(), status::bad_request);
  EXPECT_NE(res.body().find("'relative/dir' is not an absolute path"),
            std::string::npos)
      << res.body();
  res = post("/api/v1/admin/backup", "{\"to\": 5}");
  ASSERT_EQ(res.result(), status::bad_request);
  EXPECT_NE(res.body().find("request body at byte"), std::string::npos)
      << res.body();
}

TEST_F(admin_route, a_destination_inside_the_data_dir_is_a_400) {
  auto res = post("/api/v1/admin/backup?to=" + dir_.path + "/backup", "");
  ASSERT_EQ(res.result(), status::bad_request) << res.body();
  EXPECT_NE(res.body().find("inside the data directory"), std::string::npos)
      << res.body();
}

TEST_F(admin_route, backup_only_accepts_post) {
  auto res = get("/api/v1/admin/backup?to=" + out_.path + "/b3");
  EXPECT_EQ(res.result(), status::method_not_allowed);
  EXPECT_FALSE(fs::exists(out_.path + "/b3"));
}
