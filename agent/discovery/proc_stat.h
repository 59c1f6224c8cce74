#pragma once
// Fields of /proc/<pid>/stat, and the processes of a process group (a shell
// pipeline such as `kotel tail logs | grep x` is one group).

#include <cstdint>
#include <string_view>
#include <vector>

namespace kotel::discovery {

// Field `n` (1-based, as proc(5) numbers them; n >= 3) of a stat line as a
// number; 0 when missing or not a number. The comm (field 2) may hold spaces
// and parentheses: fields are counted from its last ')'.
uint64_t stat_field(std::string_view stat, int n);

// Every process in the process group of `pid` (itself included, even when
// /proc cannot be read): under `proc_root`.
std::vector<uint32_t> process_group_members(uint32_t pid, const char* proc_root = "/proc");

}  // namespace kotel::discovery
