#pragma once

// What the planners of the chunked codec share (codec/chunk_codec.cpp has
// the layout and the public planners): per-thread scratch space, the table
// of chunk extremes by atoms of 4 values, and the estimates of each layout
// (codec/chunk_bounds.cpp, codec/chunk_window.cpp). Internal to
// codec/chunk_*.cpp.

#include "codec/chunk_bits.hpp"
#include "codec/chunk_codec.hpp"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

namespace timeless::codec::chunk_detail {

/// Chunk lengths the window planner tries, in atoms of 4 values.
inline constexpr unsigned window_atoms[] = {1, 2, 3, 4, 6, 8, 12, 16};
inline constexpr size_t window_lengths = std::size(window_atoms);

/// Per atom (4 values of v), the extremes of the window_atoms[c] atoms from
/// it on; T is int32_t when the range is below 2^31 (the loops vectorize),
/// else u64. The arrays hold `padded(na)` atoms, empty past the last.
template <class T>
struct atom_table {
  std::vector<T> lo[window_lengths];
  std::vector<T> hi[window_lengths];
};

/// Every window_atoms length divides this period of the phase scan.
inline constexpr size_t phase_period = 48;

/// Atoms the arrays hold for na atoms: whole phase periods, and at least 16
/// empty atoms to merge windows with.
constexpr size_t padded(size_t na) {
  return (na + 16 + phase_period - 1) / phase_period * phase_period;
}

/// Scratch space of the planners, one per thread.
struct scratch {
  std::vector<u64> v; // y - min y
  atom_table<int32_t> a32;
  atom_table<u64> a64;
  std::vector<u64> mn, mx, z, lo8, hi8; // per chunk
  std::vector<u64> words;               // a stream written by the planner
};

/// The planners' scratch space of this thread.
scratch& scratch_space();

/// The bounds layout's chunk size and shift that look cheapest, given the
/// extremes (minus min y) of the chunks of 8 values of y: `lo` and `hi`
/// (nc entries each, overwritten), and that estimate in 1/256 bits. `best`
/// comes with order, base and range set.
void estimate_bounds(size_t ny, u64* lo, u64* hi, size_t nc, chunk_plan& best,
                     u64& best_cost);

/// The extremes of the atoms of v and of windows of 2 atoms (what the
/// bounds layout needs); widen_atoms adds the other lengths.
template <class T>
void fill_atoms(const std::vector<u64>& v, atom_table<T>& t);

/// The bounds layout from the atoms: chunks of 8 are pairs of atoms.
template <class T>
chunk_plan estimate_bounds_from_atoms(const chunk_plan& prepared, size_t ny,
                                      const atom_table<T>& t, scratch& sc,
                                      u64& cost);

/// The window layout that looks cheapest for the prepared v, with its
/// estimate in 1/256 bits; needs fill_atoms' table, and widens it when it
/// looks at several chunks.
template <class T>
chunk_plan estimate_window(const chunk_plan& prepared, size_t ny,
                           atom_table<T>& t, scratch& sc, u64& best_cost,
                           u64 rival = UINT64_MAX);

} // namespace timeless::codec::chunk_detail
