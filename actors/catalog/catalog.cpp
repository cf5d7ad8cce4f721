// The catalog actor (actors/catalog/catalog.hpp): converts between the
// public message types (timeless/catalog.hpp) and the rows of
// db/catalog_db.hpp, validates, and answers from its one connection.

#include "actors/catalog/catalog.hpp"

#include <algorithm>
#include <cstdio>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/common/db_error.hpp"
#include "timeless/error.hpp"
#include "timeless/labels.hpp"

namespace timeless::detail {

namespace {

struct catalog_state {
  std::unique_ptr<db::catalog_db> db;
  std::function<int64_t()> clock;
  static inline const char* name = "timeless.catalog";
};

using catalog_ptr = catalog_actor::stateful_pointer<catalog_state>;

db::rule_row to_row(const alert_rule& x) {
  db::rule_row r;
  r.id = x.id;
  r.name = x.name;
  r.metric = x.metric;
  r.labels = encode_labels(x.labels);
  r.condition = static_cast<uint8_t>(x.condition);
  r.threshold = x.threshold;
  r.duration = x.duration;
  r.aggregate = static_cast<uint8_t>(x.aggregate);
  r.webhook_url = x.webhook_url;
  r.enabled = x.enabled;
  r.created_at = x.created_at;
  return r;
}

/// False (and a note on stderr) for a row this build cannot read.
bool from_row(const db::rule_row& r, alert_rule& x) {
  if (!decode_labels(r.labels, x.labels) ||
      r.condition > static_cast<uint8_t>(alert_condition::below) ||
      r.aggregate > static_cast<uint8_t>(aggregate_fn::increase)) {
    std::fprintf(stderr, "timeless: catalog: alert rule %lld is unreadable\n",
                 static_cast<long long>(r.id));
    return false;
  }
  x.id = r.id;
  x.name = r.name;
  x.metric = r.metric;
  x.condition = static_cast<alert_condition>(r.condition);
  x.threshold = r.threshold;
  x.duration = r.duration;
  x.aggregate = static_cast<aggregate_fn>(r.aggregate);
  x.webhook_url = r.webhook_url;
  x.enabled = r.enabled;
  x.created_at = r.created_at;
  return true;
}

db::state_row to_row(alert_state x) {
  std::ranges::sort(x.labels, {}, &label::name);
  db::state_row r;
  r.rule_id = x.rule_id;
  r.labels = encode_labels(x.labels);
  r.status = static_cast<uint8_t>(x.status);
  r.triggered_at = x.triggered_at;
  r.resolved_at = x.resolved_at;
  r.last_value = x.last_value;
  r.delivery = x.delivery;
  return r;
}

bool from_row(const db::state_row& r, alert_state& x) {
  if (!decode_labels(r.labels, x.labels) ||
      r.status > static_cast<uint8_t>(alert_status::resolved)) {
    std::fprintf(stderr,
                 "timeless: catalog: a state of alert rule %lld is "
                 "unreadable\n",
                 static_cast<long long>(r.rule_id));
    return false;
  }
  x.rule_id = r.rule_id;
  x.status = static_cast<alert_status>(r.status);
  x.triggered_at = r.triggered_at;
  x.resolved_at = r.resolved_at;
  x.last_value = r.last_value;
  x.delivery = r.delivery;
  return true;
}

catalog_actor::behavior_type
catalog_impl(catalog_ptr self,
             std::shared_ptr<std::unique_ptr<db::catalog_db>> dbp,
             std::function<int64_t()> clock) {
  self->state.db = std::move(*dbp);
  self->state.clock = std::move(clock);
  return {
      [self](put_meta_atom,
             std::vector<metric_metadata>& batch) -> caf::result<caf::ok_atom> {
        std::vector<db::meta_row> rows;
        rows.reserve(batch.size());
        for (size_t i = 0; i < batch.size(); ++i) {
          if (auto err = validate_metadata(batch[i], i))
            return err;
          auto& x = batch[i];
          rows.push_back({std::move(x.metric), std::move(x.type),
                          std::move(x.unit), std::move(x.help)});
        }
        size_t written = 0;
        if (auto st = self->state.db->put_metadata(rows, written); !st.is_ok())
          return to_error(st);
        return caf::ok_atom::value;
      },
      [self](get_meta_atom,
             std::string& metric) -> caf::result<std::vector<metric_metadata>> {
        std::vector<db::meta_row> rows;
        if (auto st = self->state.db->metadata(metric, rows); !st.is_ok())
          return to_error(st);
        std::vector<metric_metadata> out;
        out.reserve(rows.size());
        for (auto& r : rows)
          out.push_back({std::move(r.metric), std::move(r.type),
                         std::move(r.unit), std::move(r.help)});
        return out;
      },
      [self](add_note_atom, annotation& x) -> caf::result<int64_t> {
        if (x.title.empty())
          return make_error(errc::invalid_argument,
                            "annotation: title is required");
        db::note_row r{0, x.ts, std::move(x.title), std::move(x.description),
                       std::move(x.tags)};
        if (auto st = self->state.db->add_note(r); !st.is_ok())
          return to_error(st);
        return r.id;
      },
      [self](get_notes_atom,
             annotation_query& q) -> caf::result<std::vector<annotation>> {
        std::vector<db::note_row> rows;
        auto st = self->state.db->notes(q.from, q.to, q.tags, rows);
        if (!st.is_ok())
          return to_error(st);
        std::vector<annotation> out;
        out.reserve(rows.size());
        for (auto& r : rows)
          out.push_back({r.id, r.ts, std::move(r.title),
                         std::move(r.description), std::move(r.tags)});
        return out;
      },
      [self](del_note_atom, int64_t id) -> caf::result<bool> {
        bool found = false;
        if (auto st = self->state.db->delete_note(id, found); !st.is_ok())
          return to_error(st);
        return found;
      },
      [self](put_rule_atom, alert_rule& x) -> caf::result<int64_t> {
        if (auto err = validate_rule(x))
          return err;
        if (x.id < 0)
          return make_error(errc::invalid_argument,
                            "alert rule: id must be 0 (new) or an existing "
                            "rule's, got " +
                                std::to_string(x.id));
        if (x.id == 0 && x.created_at == 0)
          x.created_at = self->state.clock();
        auto r = to_row(x);
        if (auto st = self->state.db->put_rule(r); !st.is_ok()) {
          if (st.is_not_found())
            return make_error(errc::invalid_argument,
                              "alert rule: " + st.message());
          return to_error(st);
        }
        return r.id;
      },
      [self](get_rules_atom) -> caf::result<std::vector<alert_rule_states>> {
        auto& db = *self->state.db;
        std::vector<db::rule_row> rules;
        std::vector<db::state_row> states;
        if (auto st = db.rules(rules); !st.is_ok())
          return to_error(st);
        if (auto st = db.states(states); !st.is_ok())
          return to_error(st);
        std::vector<alert_rule_states> out;
        out.reserve(rules.size());
        for (auto& r : rules) {
          alert_rule_states x;
          if (from_row(r, x.rule))
            out.push_back(std::move(x));
        }
        // Both lists are ordered by rule id.
        auto it = out.begin();
        for (auto& r : states) {
          while (it != out.end() && it->rule.id < r.rule_id)
            ++it;
          if (it == out.end())
            break;
          alert_state x;
          if (it->rule.id == r.rule_id && from_row(r, x))
            it->states.push_back(std::move(x));
        }
        return out;
      },
      [self](del_rule_atom, int64_t id) -> caf::result<bool> {
        bool found = false;
        if (auto st = self->state.db->delete_rule(id, found); !st.is_ok())
          return to_error(st);
        return found;
      },
      [self](put_state_atom,
             std::vector<alert_state>& batch) -> caf::result<caf::ok_atom> {
        std::vector<db::state_row> rows;
        rows.reserve(batch.size());
        for (auto& x : batch)
          rows.push_back(to_row(std::move(x)));
        if (auto st = self->state.db->put_states(rows); !st.is_ok())
          return to_error(st);
        return caf::ok_atom::value;
      },
      [self](info_atom) -> caf::result<uint64_t> {
        return self->state.db->damaged_rows();
      },
  };
}

} // namespace

catalog_actor spawn_catalog(caf::actor_system& sys,
                            std::unique_ptr<db::catalog_db> db,
                            std::function<int64_t()> clock) {
  auto dbp = std::make_shared<std::unique_ptr<db::catalog_db>>(std::move(db));
  return sys.spawn(catalog_impl, std::move(dbp), std::move(clock));
}

} // namespace timeless::detail
