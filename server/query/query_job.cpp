#include "server/query/query_job.hpp"

#include <algorithm>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/post.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/sec.hpp>
#include <caf/spawn_options.hpp>

#include "promql/eval.hpp"
#include "promql/parse.hpp"
#include "promql/selections.hpp"
#include "promql/storage.hpp"
#include "server/bridge/tier_layout.hpp"
#include "server/http/response.hpp"
#include "server/query/prom_json.hpp"
#include "server/routes/common.hpp"
#include "server/routes/series_params.hpp"

namespace timeless::server {

namespace {

using clock_type = std::chrono::steady_clock;

/// One store query of the prefetch: raw points, or the rows of `tier`
/// (then summaries for the evaluator).
struct fetch {
  selector sel;
  int64_t from = 0;
  int64_t to = 0;
  const tier_info* tier = nullptr;
};

int64_t wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class job : public std::enable_shared_from_this<job> {
 public:
  job(store_actor store, std::shared_ptr<tier_layout_cache> layouts,
      strand_type ex, store_bridge::executor_lease lease, query_job_spec spec,
      std::function<void(response_type)> done)
      : store_(std::move(store)), layouts_(std::move(layouts)),
        lease_(std::move(lease)), ex_(std::move(ex)), spec_(std::move(spec)),
        done_(std::move(done)) {
    // nop
  }

  void start(caf::event_based_actor* actor) {
    self_ = actor;
    auto parsed = promql::parse(spec_.req.query);
    if (!parsed.ok()) {
      bad_data("invalid parameter \"query\": " + parsed.error);
      return;
    }
    expr_ = std::move(parsed.expression);
    auto type = expr_->type();
    if (spec_.req.range && type != promql::value_type::scalar &&
        type != promql::value_type::vector) {
      bad_data("invalid parameter \"query\": invalid expression type \"" +
               std::string{promql::to_string(type)} +
               "\" for range query, must be Scalar or instant Vector");
      return;
    }
    promql::query_params qp;
    qp.start_ms = spec_.req.start_ms;
    qp.end_ms = spec_.req.end_ms;
    qp.step_ms = spec_.req.step_ms;
    selections_ = promql::selections(*expr_, qp);
    int64_t min_t = INT64_MAX;
    for (auto& s : selections_)
      if (is_range(s))
        min_t = std::min(min_t, s.min_t);
    if (min_t == INT64_MAX) { // no range selector: no tier to read
      list_names();
      return;
    }
    if (auto l = layouts_->get(min_t, wall_now_ms())) {
      layout_ = std::move(*l);
      list_names();
      return;
    }
    auto self = shared_from_this();
    self_->request(store_, time_left(), info_atom::value)
        .then(
            [self](store_info& info) {
              self->layout_ =
                  tier_layout{info.raw_horizon, info.raw_retention_ms,
                              std::move(info.tiers)};
              self->layouts_->put(self->layout_);
              self->list_names();
            },
            [self](caf::error& err) { self->store_failed(err); });
  }

 private:
  /// True for a range selector's selection (the only ones that may read
  /// tier summaries).
  static bool is_range(const promql::selection& s) {
    return s.node && s.node->k == promql::expr::kind::matrix_selector;
  }

  /// Lists the metric names if a selection needs them, then plans.
  void list_names() {
    bool need_names = false;
    for (auto& s : selections_)
      need_names = need_names || !fixed_name(s);
    if (!need_names) {
      plan();
      return;
    }
    auto self = shared_from_this();
    self_->request(store_, time_left(), metrics_atom::value)
        .then(
            [self](std::vector<std::string>& names) {
              self->names_ = std::move(names);
              self->plan();
            },
            [self](caf::error& err) { self->store_failed(err); });
  }

  /// The metric a selection names with `__name__="m"`, or null.
  static const std::string* fixed_name(const promql::selection& s) {
    for (auto& m : s.matchers)
      if (m.name == promql::metric_name_label &&
          m.kind == promql::matcher::op::eq)
        return &m.value;
    return nullptr;
  }

  /// The tier for this query's windows before the raw horizon: one for
  /// the whole query (summaries of two widths would overlap), the coarsest
  /// dividing every range that reaches there, else the finest.
  const tier_info* pick_tier() const {
    auto h = layout_.raw_horizon;
    if (layout_.tiers.empty() || h == INT64_MIN)
      return nullptr;
    int64_t ranges = 0; // their greatest common divisor
    for (auto& s : selections_)
      if (is_range(s) && s.min_t < h)
        ranges = std::gcd(ranges, s.node->range_ms);
    if (ranges == 0)
      return nullptr;
    return tier_for_range(layout_, ranges);
  }

  /// Lists the store queries of every selection, then starts them.
  void plan() {
    std::set<std::string> seen;
    auto add_fetch = [&](fetch f) {
      auto key = to_string(f.sel) + "@" + std::to_string(f.from) + ":" +
                 std::to_string(f.to) + (f.tier ? "/" + f.tier->name : "");
      if (seen.insert(std::move(key)).second)
        fetches_.push_back(std::move(f));
    };
    const tier_info* tier = pick_tier();
    int64_t seam = tier ? tier_seam(*tier, layout_.raw_horizon) : INT64_MIN;
    for (auto& s : selections_) {
      if (s.min_t > s.max_t)
        continue;
      std::vector<std::string> candidates;
      if (auto name = fixed_name(s))
        candidates.push_back(*name);
      else
        candidates = names_;
      std::vector<label_matcher> rest;
      for (auto& m : s.matchers)
        if (m.name != promql::metric_name_label)
          rest.push_back({m.name, to_store_op(m.kind), m.value});
      for (auto& name : candidates) {
        bool ok = true;
        for (auto& m : s.matchers)
          if (m.name == promql::metric_name_label && !m.matches(name))
            ok = false;
        if (!ok)
          continue;
        selector sel{name, rest};
        if (tier && is_range(s) && s.min_t < seam) {
          // Whole buckets: the one holding min_t is included.
          add_fetch(fetch{sel, tier_floor(*tier, s.min_t),
                          std::min(s.max_t, seam - 1), tier});
          if (s.max_t >= seam)
            add_fetch(fetch{sel, seam, s.max_t, nullptr});
          continue;
        }
        add_fetch(fetch{std::move(sel), s.min_t, s.max_t, nullptr});
      }
    }
    launch();
  }

  /// Sends fetches until `max_fetches_in_flight` are out; evaluates when
  /// all are answered.
  void launch() {
    if (finished_)
      return;
    if (next_ == fetches_.size() && in_flight_ == 0) {
      evaluate();
      return;
    }
    if (clock_type::now() >= spec_.deadline) {
      timed_out("series fetch");
      return;
    }
    while (in_flight_ < max_fetches_in_flight && next_ < fetches_.size()) {
      auto& f = fetches_[next_++];
      ++in_flight_;
      auto self = shared_from_this();
      if (f.tier) {
        auto width = f.tier->resolution_ms;
        self_
            ->request(store_, time_left(), tier_atom::value,
                      tier_query{f.tier->name, f.sel, f.from, f.to})
            .then(
                [self, width](std::vector<series_tier>& found) {
                  --self->in_flight_;
                  self->add_summaries(found, width);
                  self->launch();
                },
                [self](caf::error& err) {
                  --self->in_flight_;
                  self->store_failed(err);
                });
        continue;
      }
      self_
          ->request(store_, time_left(), query_atom::value,
                    raw_query{f.sel, f.from, f.to})
          .then(
              [self](std::vector<series_points>& found) {
                --self->in_flight_;
                self->add(found);
                self->launch();
              },
              [self](caf::error& err) {
                --self->in_flight_;
                self->store_failed(err);
              });
    }
  }

  /// Counts `n` more samples (a summary counts one); false (and the
  /// answer sent) past the limit.
  bool count(size_t n) {
    samples_ += static_cast<int64_t>(n);
    if (++series_ > spec_.max_series) {
      finish(prom_error_response(
          http::status::unprocessable_entity, "execution",
          "the query selects more than " + std::to_string(spec_.max_series) +
              " series (--max-series-per-query)"));
      return false;
    }
    if (samples_ <= spec_.max_samples)
      return true;
    finish(prom_error_response(
        http::status::unprocessable_entity, "execution",
        "query processing would load too many samples into memory in "
        "series fetch"));
    return false;
  }

  static promql::labels labels_of(const std::string& metric,
                                  const label_set& labels) {
    promql::labels ls;
    for (auto& l : labels)
      if (!l.value.empty())
        ls.push_back({l.name, l.value});
    ls.push_back({std::string{promql::metric_name_label}, metric});
    promql::normalize(ls);
    return ls;
  }

  /// Adds a raw answer to the storage.
  void add(std::vector<series_points>& found) {
    if (finished_)
      return;
    for (auto& sp : found) {
      if (!count(sp.ts.size()))
        return;
      promql::series s;
      s.lbls = labels_of(sp.metric, sp.labels);
      s.t_ms = std::move(sp.ts);
      s.v = std::move(sp.values);
      storage_.add(s);
    }
  }

  /// Adds a tier answer to the storage as summaries `width` ms wide.
  void add_summaries(std::vector<series_tier>& found, int64_t width) {
    if (finished_)
      return;
    for (auto& st : found) {
      if (!count(st.buckets.size()))
        return;
      promql::series s;
      s.lbls = labels_of(st.metric, st.labels);
      for (auto& b : st.buckets)
        s.summaries.push_back(promql::summary{b.bucket, width, b.count, b.sum,
                                              b.min, b.max, b.last});
      storage_.add(s);
    }
  }

  void evaluate() {
    promql::eval_options opts;
    opts.max_samples = spec_.max_samples;
    auto deadline = spec_.deadline;
    opts.cancelled = [deadline] { return clock_type::now() >= deadline; };
    auto& q = spec_.req;
    auto res = q.range
                   ? promql::eval_range(*expr_, q.start_ms, q.end_ms, q.step_ms,
                                        storage_, opts)
                   : promql::eval_instant(*expr_, q.start_ms, storage_, opts);
    storage_.clear();
    if (!res.ok()) {
      if (clock_type::now() >= deadline) {
        finish(prom_error_response(http::status::service_unavailable, "timeout",
                                   res.error));
        return;
      }
      finish(prom_error_response(http::status::unprocessable_entity,
                                 "execution", res.error));
      return;
    }
    finish(prom_success(render_prom_data(res.val, q.start_ms)));
  }

  std::chrono::milliseconds time_left() const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        spec_.deadline - clock_type::now());
    return std::max(left, std::chrono::milliseconds{1});
  }

  void bad_data(const std::string& msg) {
    finish(prom_error_response(http::status::bad_request, "bad_data", msg));
  }

  void timed_out(const char* where) {
    finish(prom_error_response(http::status::service_unavailable, "timeout",
                               std::string{"query timed out in "} + where));
  }

  void store_failed(const caf::error& err) {
    if (finished_)
      return;
    if (err == caf::sec::request_timeout ||
        clock_type::now() >= spec_.deadline) {
      timed_out("series fetch");
      return;
    }
    finish(store_failure(err, true));
  }

  /// Posts the answer to the strand once and ends the actor (answers
  /// still on their way are dropped).
  void finish(response_type res) {
    if (finished_)
      return;
    finished_ = true;
    {
      // The job itself dies later, on a CAF thread: it must not hold the
      // strand then (see store_bridge::executor_lease).
      auto ex = std::move(*ex_);
      ex_.reset();
      auto done = std::move(done_);
      boost::asio::post(
          ex, [done = std::move(done), res = std::move(res)]() mutable {
            done(std::move(res));
          });
    }
    lease_.release();
    self_->quit();
  }

  store_actor store_;
  std::shared_ptr<tier_layout_cache> layouts_;
  tier_layout layout_;
  /// Before ex_: destroyed after it (a job that never finished).
  store_bridge::executor_lease lease_;
  std::optional<strand_type> ex_;
  query_job_spec spec_;
  std::function<void(response_type)> done_;
  caf::event_based_actor* self_ = nullptr;
  promql::expr_ptr expr_;
  std::vector<promql::selection> selections_;
  std::vector<std::string> names_;
  std::vector<fetch> fetches_;
  size_t next_ = 0;
  size_t in_flight_ = 0;
  int64_t samples_ = 0;
  size_t series_ = 0;
  promql::memory_storage storage_;
  bool finished_ = false;
};

} // namespace

void run_query_job(const store_bridge& bridge, strand_type ex,
                   query_job_spec spec,
                   std::function<void(response_type)> done) {
  auto j = std::make_shared<job>(bridge.store(), bridge.tier_layouts(),
                                 std::move(ex), bridge.lease_executor(),
                                 std::move(spec), std::move(done));
  bridge.system().spawn<caf::detached>(
      [j](caf::event_based_actor* self) { j->start(self); });
}

} // namespace timeless::server
