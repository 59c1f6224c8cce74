#pragma once
// The processes under /proc: its numeric entries.

#include <cstdint>
#include <vector>

namespace kotel::discovery {

std::vector<uint32_t> all_pids(const char* proc_root = "/proc");

}  // namespace kotel::discovery
