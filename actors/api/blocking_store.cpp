#include "timeless/blocking_store.hpp"
#include "timeless/error.hpp"

#include <thread>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

namespace timeless {

struct blocking_store::impl {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  store_actor handle;
  blocking_options bopts;
  bool closed = false;

  /// One blocking request with a fresh scoped actor (a reused one collects
  /// stale timeout messages, see docs/architecture.md).
  template <class T, class... Ts>
  caf::expected<T> ask(Ts&&... xs) {
    if (closed)
      return make_error(errc::closed, "the store is closed");
    caf::scoped_actor self{*sys};
    caf::expected<T> out{caf::error{}};
    self->request(handle, caf::infinite, std::forward<Ts>(xs)...)
        .receive([&](T& x) { out = std::move(x); },
                 [&](caf::error& err) { out = std::move(err); });
    return out;
  }

  /// Sends copies of `batch` until accepted, refused for another reason, or
  /// the backpressure timeout passed.
  template <class Batch>
  caf::expected<uint64_t> write(const Batch& batch) {
    auto deadline =
        std::chrono::steady_clock::now() + bopts.backpressure_timeout;
    auto pause = std::chrono::microseconds{50};
    for (;;) {
      auto res = ask<uint64_t>(write_atom::value, Batch{batch});
      if (res || code_of(res.error()) != errc::backpressure ||
          std::chrono::steady_clock::now() >= deadline)
        return res;
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::microseconds{20000});
    }
  }
};

blocking_store::blocking_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {
  // nop
}

caf::expected<std::unique_ptr<blocking_store>>
blocking_store::open(store_options opts, blocking_options bopts) {
  auto p = std::make_unique<impl>();
  p->bopts = bopts;
  add_message_types(p->cfg);
  auto threads = bopts.threads != 0
                     ? bopts.threads
                     : std::max(2u, std::thread::hardware_concurrency());
  p->cfg.set("scheduler.max-threads", threads);
  // A finite throughput keeps a flooded actor from starving the others.
  p->cfg.set("scheduler.max-throughput", 100);
  p->sys = std::make_unique<caf::actor_system>(p->cfg);
  auto h = spawn_store(*p->sys, std::move(opts));
  if (!h)
    return std::move(h.error());
  p->handle = std::move(*h);
  return std::unique_ptr<blocking_store>(new blocking_store(std::move(p)));
}

blocking_store::~blocking_store() {
  if (impl_ && !impl_->closed)
    close();
}

caf::expected<uint64_t>
blocking_store::write(const std::vector<sample>& batch) {
  return impl_->write(batch);
}

caf::expected<uint64_t> blocking_store::write(const resolved_batch& batch) {
  return impl_->write(batch);
}

caf::expected<std::vector<uint64_t>>
blocking_store::resolve(std::vector<series_key> keys) {
  return impl_->ask<std::vector<uint64_t>>(resolve_atom::value,
                                           std::move(keys));
}

caf::expected<std::vector<series_points>> blocking_store::query(raw_query q) {
  return impl_->ask<std::vector<series_points>>(query_atom::value,
                                                std::move(q));
}

caf::expected<std::vector<series_buckets>>
blocking_store::aggregate(agg_query q) {
  return impl_->ask<std::vector<series_buckets>>(agg_atom::value, std::move(q));
}

caf::expected<std::vector<series_points>> blocking_store::latest(selector sel) {
  return impl_->ask<std::vector<series_points>>(latest_atom::value,
                                                std::move(sel));
}

caf::expected<std::vector<std::string>> blocking_store::metrics() {
  return impl_->ask<std::vector<std::string>>(metrics_atom::value);
}

caf::expected<std::vector<std::string>>
blocking_store::label_names(std::string metric) {
  return impl_->ask<std::vector<std::string>>(lnames_atom::value,
                                              std::move(metric));
}

caf::expected<std::vector<std::string>>
blocking_store::label_values(std::string metric, std::string name) {
  return impl_->ask<std::vector<std::string>>(
      lvalues_atom::value, std::move(metric), std::move(name));
}

caf::expected<std::vector<series_info>> blocking_store::series(selector sel) {
  return impl_->ask<std::vector<series_info>>(series_atom::value,
                                              std::move(sel));
}

caf::expected<store_info> blocking_store::info() {
  return impl_->ask<store_info>(info_atom::value);
}

caf::expected<rollup_report> blocking_store::rollup(std::string tier) {
  return impl_->ask<rollup_report>(rollup_atom::value, std::move(tier));
}

caf::expected<retention_report> blocking_store::enforce_retention() {
  return impl_->ask<retention_report>(retention_atom::value);
}

caf::expected<compaction_report> blocking_store::compact() {
  return impl_->ask<compaction_report>(compact_atom::value);
}

caf::expected<backup_report> blocking_store::backup(std::string dest) {
  return impl_->ask<backup_report>(backup_atom::value, std::move(dest));
}

caf::expected<std::vector<series_tier>>
blocking_store::read_tier(tier_query q) {
  return impl_->ask<std::vector<series_tier>>(tier_atom::value, std::move(q));
}

caf::error blocking_store::put_metadata(std::vector<metric_metadata> batch) {
  auto res = impl_->ask<caf::ok_atom>(put_meta_atom::value, std::move(batch));
  return res ? caf::error{} : res.error();
}

caf::expected<std::vector<metric_metadata>>
blocking_store::metadata(std::string metric) {
  return impl_->ask<std::vector<metric_metadata>>(get_meta_atom::value,
                                                  std::move(metric));
}

caf::expected<int64_t> blocking_store::add_annotation(annotation x) {
  return impl_->ask<int64_t>(add_note_atom::value, std::move(x));
}

caf::expected<std::vector<annotation>>
blocking_store::annotations(annotation_query q) {
  return impl_->ask<std::vector<annotation>>(get_notes_atom::value,
                                             std::move(q));
}

caf::expected<bool> blocking_store::delete_annotation(int64_t id) {
  return impl_->ask<bool>(del_note_atom::value, id);
}

caf::expected<int64_t> blocking_store::put_alert_rule(alert_rule x) {
  return impl_->ask<int64_t>(put_rule_atom::value, std::move(x));
}

caf::expected<std::vector<alert_rule_states>> blocking_store::alert_rules() {
  return impl_->ask<std::vector<alert_rule_states>>(get_rules_atom::value);
}

caf::expected<bool> blocking_store::delete_alert_rule(int64_t id) {
  return impl_->ask<bool>(del_rule_atom::value, id);
}

caf::error blocking_store::put_alert_states(std::vector<alert_state> batch) {
  auto res = impl_->ask<caf::ok_atom>(put_state_atom::value, std::move(batch));
  return res ? caf::error{} : res.error();
}

caf::error blocking_store::flush(bool checkpoint) {
  auto res = impl_->ask<caf::ok_atom>(caf::flush_atom::value, checkpoint);
  return res ? caf::error{} : res.error();
}

caf::error blocking_store::close() {
  if (impl_->closed)
    return caf::error{};
  auto res = impl_->ask<caf::ok_atom>(close_atom::value);
  impl_->closed = true;
  impl_->handle = nullptr;
  impl_->sys->await_all_actors_done();
  return res ? caf::error{} : res.error();
}

store_actor blocking_store::handle() const {
  return impl_->handle;
}

caf::actor_system& blocking_store::system() {
  return *impl_->sys;
}

} // namespace timeless
