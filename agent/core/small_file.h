#pragma once
// Reads a configuration file the user named (the agent's YAML, the /metrics
// web config): a regular file only (not a directory, a FIFO, /dev/zero) and
// at most `max_bytes`, so a wrong path is a clear error, never a hang or an
// unbounded read.

#include <cstddef>
#include <string>

#include "core/result.h"

namespace kotel::core {

inline constexpr size_t kMaxConfigFileBytes = 1 << 20;

// `what` names the file in errors ("config file", "web config file").
Result<std::string> read_small_file(const std::string& path, const std::string& what,
                                    size_t max_bytes = kMaxConfigFileBytes);

}  // namespace kotel::core
