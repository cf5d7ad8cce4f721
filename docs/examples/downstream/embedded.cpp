// Timeless inside a CAF application, built against the installed package:
// spawns the store in its own actor system, writes a batch through the
// typed handle, reads it back and checks every point.
//   embedded DATA_DIR   (exit status 0 only if the points came back)
#include <cstdio>
#include <filesystem>
#include <vector>

#include <caf/all.hpp>

#include <timeless/store.hpp>
#include <timeless/version.hpp>

using namespace timeless;

namespace {

constexpr int points = 100;
constexpr int64_t t0 = 1'700'000'000'000;

double value_at(int i) {
  return 20.0 + i * 0.25; // exact in binary: compared with ==
}

/// Writes the batch, reads it back, closes the store, quits.
caf::behavior client(caf::event_based_actor* self, store_actor store,
                     int* exit_code) {
  std::vector<sample> batch;
  for (int i = 0; i < points; ++i)
    batch.push_back(
        sample{"temperature", {{"room", "lab"}}, t0 + i * 60'000, value_at(i)});
  self->request(store, caf::infinite, write_atom::value, std::move(batch))
      .then([=](uint64_t accepted) {
        std::printf("wrote %llu points\n",
                    static_cast<unsigned long long>(accepted));
        raw_query q;
        q.sel = *parse_selector("temperature{room=\"lab\"}");
        self->request(store, caf::infinite, query_atom::value, std::move(q))
            .then([=](std::vector<series_points>& found) {
              bool ok = found.size() == 1 && found[0].ts.size() == points;
              for (int i = 0; ok && i < points; ++i)
                ok = found[0].ts[i] == t0 + i * 60'000 &&
                     found[0].values[i] == value_at(i);
              if (ok) {
                std::printf(
                    "read back %d points of %s, last %.2f\n", points,
                    format_series(found[0].metric, found[0].labels).c_str(),
                    found[0].values.back());
                *exit_code = 0;
              } else {
                std::fprintf(stderr, "the points read back differ\n");
              }
              self->request(store, caf::infinite, close_atom::value)
                  .then([=](caf::ok_atom) { self->quit(); });
            });
      });
  return {};
}

} // namespace

int main(int argc, char** argv) {
  std::printf(
      "timeless %s (schema %lld, segment format %u)\n", timeless::version,
      static_cast<long long>(timeless::schema_version), segment_format_version);
  caf::actor_system_config cfg;
  add_message_types(cfg);
  cfg.set("scheduler.max-threads", 2);
  caf::actor_system sys{cfg};
  store_options opts;
  opts.data_dir = argc > 1 ? argv[1] : "embedded-data";
  std::filesystem::remove_all(opts.data_dir);
  auto store = spawn_store(sys, opts);
  if (!store) {
    std::fprintf(stderr, "open failed: %s\n", describe(store.error()).c_str());
    return 1;
  }
  int exit_code = 1;
  sys.spawn(client, *store, &exit_code);
  sys.await_all_actors_done();
  return exit_code;
}
