#pragma once
// cgroup v2 paths -> the ids the kernel reports (bpf_get_current_cgroup_id is
// the inode number of the cgroup's directory in the v2 hierarchy). The v2
// hierarchy is /sys/fs/cgroup on unified hosts, elsewhere on hybrid ones
// (e.g. /sys/fs/cgroup/unified), so it is looked up in the mount table.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kotel::discovery {

// Mount point of the first cgroup2 filesystem in /proc/mounts text; empty if none.
std::string parse_cgroup2_mount(std::string_view proc_mounts);
// Same, from this process's /proc/mounts.
std::string cgroup2_mount();
// The id of a cgroup given by its path inside the v2 hierarchy ("/system.slice/x").
core::Result<uint64_t> cgroup_id_of(const std::string& path);

}  // namespace kotel::discovery
