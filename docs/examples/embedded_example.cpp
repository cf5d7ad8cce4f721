// Timeless inside a CAF application: spawn the store in your own actor
// system and talk to its typed handle asynchronously.
//   embedded_example DATA_DIR
#include <cstdio>
#include <filesystem>

#include <caf/all.hpp>

#include "timeless/store.hpp"

using namespace timeless;

namespace {

/// A client actor: writes a batch, reads it back, closes the store.
caf::behavior client(caf::event_based_actor* self, store_actor store,
                     int* exit_code) {
  std::vector<sample> batch;
  for (int i = 0; i < 100; ++i)
    batch.push_back(sample{"temperature",
                           {{"room", "lab"}},
                           1'700'000'000'000 + i * 60'000,
                           20.0 + i * 0.1});
  self->request(store, caf::infinite, write_atom::value, std::move(batch))
      .then([=](uint64_t accepted) {
        std::printf("accepted %llu points\n",
                    static_cast<unsigned long long>(accepted));
        self->request(store, caf::infinite, latest_atom::value,
                      *parse_selector("temperature{room=\"lab\"}"))
            .then([=](std::vector<series_points>& latest) {
              if (latest.size() == 1 && latest[0].ts.size() == 1) {
                std::printf("latest %.1f at %lld\n", latest[0].values[0],
                            static_cast<long long>(latest[0].ts[0]));
                *exit_code = 0;
              }
              self->request(store, caf::infinite, close_atom::value)
                  .then([=](caf::ok_atom) { self->quit(); });
            });
      });
  return {};
}

} // namespace

int main(int argc, char** argv) {
  caf::actor_system_config cfg;
  add_message_types(cfg);
  cfg.set("scheduler.max-threads", 2);
  caf::actor_system sys{cfg};
  store_options opts;
  opts.data_dir = argc > 1 ? argv[1] : "example-data";
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
