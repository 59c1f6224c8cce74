#include "discovery/cgroup.h"

#include <gtest/gtest.h>

namespace kotel::discovery {
namespace {

TEST(Cgroup, FindsTheV2MountOnUnifiedAndHybridHosts) {
  EXPECT_EQ(parse_cgroup2_mount("cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid 0 0\n"), "/sys/fs/cgroup");
  EXPECT_EQ(parse_cgroup2_mount("tmpfs /sys/fs/cgroup tmpfs rw 0 0\n"
                                "cgroup /sys/fs/cgroup/cpu cgroup rw,cpu 0 0\n"
                                "cgroup2 /sys/fs/cgroup/unified cgroup2 rw 0 0\n"),
            "/sys/fs/cgroup/unified");
  EXPECT_EQ(parse_cgroup2_mount("cgroup /sys/fs/cgroup/cpu cgroup rw 0 0\n"), "");
}

}  // namespace
}  // namespace kotel::discovery
