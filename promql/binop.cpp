// Binary operators (Prometheus 2.42 engine.go: VectorBinop, VectorAnd,
// VectorOr, VectorUnless, VectorscalarBinop, vectorElemBinop, resultMetric).

#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "promql/evaluator.hpp"

namespace timeless::promql {

namespace {

/// The value of `l op r` and whether a comparison keeps the element.
std::pair<double, bool> elem_binop(binary_op op, double l, double r) {
  switch (op) {
    case binary_op::add:
      return {l + r, true};
    case binary_op::sub:
      return {l - r, true};
    case binary_op::mul:
      return {l * r, true};
    case binary_op::div:
      return {l / r, true};
    case binary_op::pow:
      return {std::pow(l, r), true};
    case binary_op::mod:
      return {std::fmod(l, r), true};
    case binary_op::atan2:
      return {std::atan2(l, r), true};
    case binary_op::eql:
      return {l, l == r};
    case binary_op::neq:
      return {l, l != r};
    case binary_op::gtr:
      return {l, l > r};
    case binary_op::lss:
      return {l, l < r};
    case binary_op::gte:
      return {l, l >= r};
    case binary_op::lte:
      return {l, l <= r};
    default:
      throw eval_failure{"operator not allowed here"};
  }
}

bool drops_name(binary_op op) {
  return !is_comparison(op) && !is_set_op(op);
}

/// The match key of `ls`: with `on`, the listed labels only; else all but
/// the listed ones and the metric name.
std::string signature(const labels& ls, const vector_matching& m) {
  std::string key;
  for (auto& l : ls) {
    bool listed =
        std::find(m.labels.begin(), m.labels.end(), l.name) != m.labels.end();
    if (m.on ? !listed : (listed || l.name == metric_name_label))
      continue;
    key += l.name;
    key += '\xff';
    key += l.value;
    key += '\xff';
  }
  return key;
}

labels match_labels(const labels& ls, const vector_matching& m) {
  labels out;
  for (auto& l : ls) {
    bool listed =
        std::find(m.labels.begin(), m.labels.end(), l.name) != m.labels.end();
    if (m.on ? listed : (!listed && l.name != metric_name_label))
      out.push_back(l);
  }
  return out;
}

labels result_metric(const labels& lhs, const labels& rhs, binary_op op,
                     const vector_matching& m) {
  labels out = lhs;
  if (drops_name(op))
    erase_label(out, metric_name_label);
  if (m.cardinality == vector_matching::card::one_to_one) {
    if (m.on) {
      labels kept;
      for (auto& l : out)
        if (std::find(m.labels.begin(), m.labels.end(), l.name) !=
            m.labels.end())
          kept.push_back(l);
      out = std::move(kept);
    } else {
      for (auto& n : m.labels)
        erase_label(out, n);
    }
  }
  for (auto& n : m.include)
    set_label(out, n, get_label(rhs, n));
  return out;
}

vector vector_binop(vector lhs, vector rhs, binary_op op, bool return_bool,
                    const vector_matching& m) {
  using card = vector_matching::card;
  vector out;
  if (lhs.empty() || rhs.empty())
    return out;
  if (m.cardinality == card::one_to_many)
    std::swap(lhs, rhs);
  std::unordered_map<std::string, const sample*> right;
  for (auto& rs : rhs) {
    auto sig = signature(rs.lbls, m);
    auto [it, fresh] = right.emplace(sig, &rs);
    if (!fresh) {
      auto side = m.cardinality == card::one_to_many ? "left" : "right";
      throw eval_failure{
          "found duplicate series for the match group " +
          to_string(match_labels(rs.lbls, m)) + " on the " + side +
          " hand-side of the operation: [" + to_string(rs.lbls) + ", " +
          to_string(it->second->lbls) +
          "];many-to-many matching not allowed: matching labels must be "
          "unique on one side"};
    }
  }
  std::unordered_map<std::string, std::set<labels>> matched;
  for (auto& ls : lhs) {
    auto sig = signature(ls.lbls, m);
    auto it = right.find(sig);
    if (it == right.end())
      continue;
    const sample& rs = *it->second;
    double vl = ls.v, vr = rs.v;
    if (m.cardinality == card::one_to_many)
      std::swap(vl, vr);
    auto [value, keep] = elem_binop(op, vl, vr);
    if (return_bool) {
      value = keep ? 1.0 : 0.0;
    } else if (!keep) {
      continue;
    }
    auto metric = result_metric(ls.lbls, rs.lbls, op, m);
    if (return_bool)
      erase_label(metric, metric_name_label);
    auto found = matched.find(sig);
    if (m.cardinality == card::one_to_one) {
      if (found != matched.end())
        throw eval_failure{"multiple matches for labels: many-to-one "
                           "matching must be explicit (group_left/"
                           "group_right)"};
      matched[sig];
    } else {
      auto& inserted = matched[sig];
      if (!inserted.insert(metric).second)
        throw eval_failure{"multiple matches for labels: grouping labels "
                           "must ensure unique results"};
    }
    out.push_back(sample{std::move(metric), value, 0});
  }
  return out;
}

vector set_op(const vector& lhs, const vector& rhs, binary_op op,
              const vector_matching& m) {
  vector out;
  if (op == binary_op::land) {
    if (lhs.empty() || rhs.empty())
      return out;
    std::unordered_set<std::string> sigs;
    for (auto& s : rhs)
      sigs.insert(signature(s.lbls, m));
    for (auto& s : lhs)
      if (sigs.count(signature(s.lbls, m)))
        out.push_back(s);
  } else if (op == binary_op::lor) {
    std::unordered_set<std::string> sigs;
    for (auto& s : lhs) {
      sigs.insert(signature(s.lbls, m));
      out.push_back(s);
    }
    for (auto& s : rhs)
      if (!sigs.count(signature(s.lbls, m)))
        out.push_back(s);
  } else {
    std::unordered_set<std::string> sigs;
    for (auto& s : rhs)
      sigs.insert(signature(s.lbls, m));
    for (auto& s : lhs)
      if (!sigs.count(signature(s.lbls, m)))
        out.push_back(s);
  }
  return out;
}

vector scalar_binop(vector vec, double scalar, bool swap, binary_op op,
                    bool return_bool) {
  vector out;
  for (auto& s : vec) {
    double lv = s.v, rv = scalar;
    if (swap)
      std::swap(lv, rv);
    auto [value, keep] = elem_binop(op, lv, rv);
    if (is_comparison(op) && swap)
      value = rv;
    if (return_bool) {
      value = keep ? 1.0 : 0.0;
      keep = true;
    }
    if (!keep)
      continue;
    s.v = value;
    if (drops_name(op) || return_bool)
      erase_label(s.lbls, metric_name_label);
    out.push_back(std::move(s));
  }
  return out;
}

} // namespace

step_values eval_binary(evaluator& ev, const expr& e, const eval_range_t& r) {
  auto lhs = ev.eval(*e.args[0], r);
  auto rhs = ev.eval(*e.args[1], r);
  size_t n = evaluator::steps(r);
  step_values out;
  if (lhs.type == value_type::scalar && rhs.type == value_type::scalar) {
    out.type = value_type::scalar;
    out.scalars.resize(n);
    for (size_t i = 0; i < n; ++i) {
      auto [v, keep] = elem_binop(e.bin, lhs.scalars[i], rhs.scalars[i]);
      if (e.return_bool)
        v = keep ? 1.0 : 0.0;
      out.scalars[i] = v;
    }
    return out;
  }
  out.type = value_type::vector;
  out.vectors.resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (lhs.type == value_type::scalar) {
      out.vectors[i] = scalar_binop(std::move(rhs.vectors[i]), lhs.scalars[i],
                                    true, e.bin, e.return_bool);
    } else if (rhs.type == value_type::scalar) {
      out.vectors[i] = scalar_binop(std::move(lhs.vectors[i]), rhs.scalars[i],
                                    false, e.bin, e.return_bool);
    } else if (is_set_op(e.bin)) {
      out.vectors[i] =
          set_op(lhs.vectors[i], rhs.vectors[i], e.bin, *e.matching);
    } else {
      out.vectors[i] =
          vector_binop(std::move(lhs.vectors[i]), std::move(rhs.vectors[i]),
                       e.bin, e.return_bool, *e.matching);
    }
    int64_t t = r.start + static_cast<int64_t>(i) * r.step;
    for (auto& s : out.vectors[i])
      s.t = t;
  }
  check_duplicates(out.vectors);
  return out;
}

} // namespace timeless::promql
