#pragma once
// The kernel's per-CPU hit and drop counters, summed over CPUs.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace kotel::probes {

inline constexpr size_t kCounterCount = 25;  // KOTEL_CNT_MAX

struct KernelCounters {
  std::array<uint64_t, kCounterCount> value{};
  uint64_t at(uint32_t idx) const { return idx < value.size() ? value[idx] : 0; }
};

// (name, index) for every counter the kernel defines, for reports.
const std::vector<std::pair<std::string, uint32_t>>& counter_names();

}  // namespace kotel::probes
