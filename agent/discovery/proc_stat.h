#pragma once
// Fields of /proc/<pid>/stat.

#include <cstdint>
#include <string_view>

namespace kotel::discovery {

// Field `n` (1-based, as proc(5) numbers them; n >= 3) of a stat line as a
// number; 0 when missing or not a number. The comm (field 2) may hold spaces
// and parentheses: fields are counted from its last ')'.
uint64_t stat_field(std::string_view stat, int n);

}  // namespace kotel::discovery
