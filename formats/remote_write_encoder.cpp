#include "formats/remote_write_encoder.hpp"

#include <snappy.h>

#include "formats/remote_write.pb.h"

namespace timeless::formats {

namespace {

prompb::time_series* add_series(prompb::write_request& req,
                                std::string_view metric,
                                const label_set& labels) {
  auto* ts = req.add_timeseries();
  auto* name = ts->add_labels();
  name->set_name("__name__");
  name->set_value(std::string{metric});
  for (auto& l : labels) {
    auto* x = ts->add_labels();
    x->set_name(l.name);
    x->set_value(l.value);
  }
  return ts;
}

std::string serialize(const prompb::write_request& req) {
  std::string out;
  req.SerializeToString(&out);
  return out;
}

} // namespace

std::string encode_write_request(std::span<const rw_series> series,
                                 std::span<const rw_metadata> metadata) {
  prompb::write_request req;
  for (auto& s : series) {
    auto* ts = add_series(req, s.metric, s.labels);
    for (size_t i = 0; i < s.ts.size() && i < s.values.size(); ++i) {
      auto* x = ts->add_samples();
      x->set_timestamp(s.ts[i]);
      x->set_value(s.values[i]);
    }
  }
  for (auto& m : metadata) {
    auto* x = req.add_metadata();
    x->set_type(static_cast<prompb::metric_metadata::metric_type>(m.type));
    x->set_metric_family_name(m.family);
    x->set_help(m.help);
    x->set_unit(m.unit);
  }
  return serialize(req);
}

std::string encode_write_request(std::span<const sample> samples) {
  prompb::write_request req;
  prompb::time_series* ts = nullptr;
  const sample* prev = nullptr;
  for (auto& s : samples) {
    if (!prev || s.metric != prev->metric || s.labels != prev->labels)
      ts = add_series(req, s.metric, s.labels);
    auto* x = ts->add_samples();
    x->set_timestamp(s.ts);
    x->set_value(s.value);
    prev = &s;
  }
  return serialize(req);
}

std::string snappy_compress(std::string_view bytes) {
  std::string out;
  snappy::Compress(bytes.data(), bytes.size(), &out);
  return out;
}

} // namespace timeless::formats
