#pragma once
// Shared by the benchmark programs: the median of per-round figures (these
// machines are noisy: one round proves little).

#include <algorithm>
#include <vector>

namespace kotel::bench {

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace kotel::bench
