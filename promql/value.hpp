#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "promql/ast.hpp"
#include "promql/labels.hpp"

namespace timeless::promql {

/// A point of a range vector or of a range query's result.
struct point {
  int64_t t = 0; ///< ms
  double v = 0;
  friend bool operator==(const point&, const point&) = default;
};

/// One element of an instant vector. `t` is the evaluation time, except
/// for samples straight from a vector selector where it is the time of the
/// sample found (what `timestamp()` reports).
struct sample {
  labels lbls;
  double v = 0;
  int64_t t = 0;
};

/// An instant vector.
using vector = std::vector<sample>;

/// One series of a range vector or of a range query's result.
struct series_points {
  labels lbls;
  std::vector<point> points;
};

/// A range vector (matrix); a range query's result is one too, sorted by
/// labels.
using matrix = std::vector<series_points>;

/// The value of a query: `type` says which member holds it. An instant
/// query gives a scalar (`scalar` at `t`), a string, an instant vector or,
/// for a range-vector expression, a matrix; a range query gives a matrix
/// (`type` is matrix; a scalar expression becomes one series without
/// labels).
struct value {
  value_type type = value_type::scalar;
  double scalar = 0;
  int64_t t = 0;
  std::string str;
  vector vec;
  matrix mat;
};

} // namespace timeless::promql
