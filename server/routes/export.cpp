// GET /api/v1/export (POST with a form body too): the raw points of the
// series `match[]` selects (or the original's `metric=` form, see
// series_params.hpp) in [start, end], as VictoriaMetrics JSON lines
// (formats/json_writer.hpp), millisecond timestamps. A selector without an
// exact metric name (`{job="x"}`) is expanded over the store's metric names
// first (series_lookup.hpp):
//
//   {"metric":{"__name__":"cpu","host":"a"},"values":[1,2],"timestamps":[..]}
//
// Streamed as a chunked response, series by series: the connection asks
// for the next series only once it wrote the previous one, so memory holds
// one series' points (in [start, end]) whatever the answer's size. A series
// is read with an exact selector: its metric, `=` on each of its labels and
// `=""` on every other label name of the metric. A series several
// selectors match is written once. A store failure after the first piece
// ends the connection without the final chunk (a truncated answer).

#include <cstdio>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "formats/error_text.hpp"
#include "formats/json_writer.hpp"
#include "server/http/response.hpp"
#include "server/routes/common.hpp"
#include "server/routes/routes.hpp"
#include "server/routes/series_lookup.hpp"
#include "server/routes/series_params.hpp"

namespace timeless::server {

namespace {

class export_source : public chunk_source,
                      public std::enable_shared_from_this<export_source> {
 public:
  export_source(exchange_ptr x, selectors_ptr sels, int64_t from, int64_t to)
      : x_(std::move(x)), sels_(std::move(sels)), from_(from), to_(to) {
    // nop
  }

  void next(emit_fn emit) override {
    emit_ = std::move(emit);
    step();
  }

 private:
  /// Moves on to the next series with points, or the end.
  void step() {
    while (pos_ < series_.size() && seen_.count(series_[pos_].id) != 0)
      ++pos_;
    if (pos_ < series_.size()) {
      read_series(series_[pos_++]);
      return;
    }
    if (sel_ == sels_->size()) {
      done(std::string{}, state::last);
      return;
    }
    list_selector((*sels_)[sel_++]);
  }

  void done(std::string piece, state st) {
    auto f = std::move(emit_);
    f(std::move(piece), st);
  }

  /// Lists the series of `sel` and the label names of its metric.
  void list_selector(const selector& sel) {
    auto self = shared_from_this();
    metric_ = sel.metric;
    x_->env.bridge.ask<std::vector<series_info>>(
        x_->ex,
        [self](caf::expected<std::vector<series_info>> found) {
          if (!found) {
            self->fail(found.error());
            return;
          }
          self->series_ = std::move(*found);
          self->pos_ = 0;
          self->x_->env.bridge.ask<std::vector<std::string>>(
              self->x_->ex,
              [self](caf::expected<std::vector<std::string>> names) {
                if (!names) {
                  self->fail(names.error());
                  return;
                }
                self->names_ = std::move(*names);
                self->step();
              },
              lnames_atom::value, self->metric_);
        },
        series_atom::value, sel);
  }

  void read_series(const series_info& s) {
    seen_.insert(s.id);
    selector exact{s.metric, {}};
    for (auto& name : names_) {
      std::string value;
      for (auto& [k, v] : s.labels)
        if (k == name)
          value = v;
      exact.matchers.push_back({name, match_op::eq, std::move(value)});
    }
    auto self = shared_from_this();
    auto labels = s.labels;
    x_->env.bridge.ask<std::vector<series_points>>(
        x_->ex,
        [self, labels](caf::expected<std::vector<series_points>> pts) {
          if (!pts) {
            self->fail(pts.error());
            return;
          }
          std::string piece;
          auto per_line =
              std::max<size_t>(self->x_->env.opts.export_points_per_line, 1);
          for (auto& sp : *pts) {
            if (sp.labels != labels || sp.ts.empty())
              continue;
            std::span<const int64_t> ts{sp.ts};
            std::span<const double> values{sp.values};
            for (size_t i = 0; i < ts.size(); i += per_line) {
              auto n = std::min(per_line, ts.size() - i);
              formats::append_json_line(piece, sp.metric, sp.labels,
                                        ts.subspan(i, n), values.subspan(i, n));
            }
          }
          if (piece.empty()) {
            self->step();
            return;
          }
          self->done(std::move(piece), state::more);
        },
        query_atom::value, raw_query{std::move(exact), from_, to_});
  }

  void fail(const caf::error& err) {
    std::fprintf(stderr, "timeless serve: export stopped: %s\n",
                 formats::error_text(err).c_str());
    done(std::string{}, state::failed);
  }

  exchange_ptr x_;
  selectors_ptr sels_;
  int64_t from_;
  int64_t to_;
  size_t sel_ = 0;
  std::string metric_;
  std::vector<series_info> series_;
  size_t pos_ = 0;
  std::vector<std::string> names_;
  std::set<uint64_t> seen_;
  emit_fn emit_;
};

void export_points(const exchange_ptr& x) {
  auto req = parse_series_request(x->params, system_now_ms(), true);
  if (!req) {
    x->reply(error_response(http::status::bad_request,
                            formats::error_text(req.error())));
    return;
  }
  auto from = req->from;
  auto to = req->to;
  resolve_selectors(x, std::move(req->selectors),
                    [x, from, to](caf::expected<selectors_ptr> sels) {
                      if (!sels) {
                        x->reply(store_failure(sels.error(), false));
                        return;
                      }
                      auto src = std::make_shared<export_source>(
                          x, std::move(*sels), from, to);
                      x->out->stream("application/json", std::move(src));
                    });
}

} // namespace

void add_export_routes(router& r) {
  r.add_reader("/api/v1/export", {http::verb::get, http::verb::post},
               export_points);
}

} // namespace timeless::server
