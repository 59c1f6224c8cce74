// cgroup paths as the container runtimes and kubelet's cgroup drivers write them.
#include "kubernetes/container_id.h"

#include <gtest/gtest.h>

namespace kotel::kubernetes {
namespace {

const std::string kId = "3f4e1c0b6a8d9e2f7c5b4a3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f";
const std::string kUid = "6d2c1a8e-1f3b-4c5d-9e7f-0a1b2c3d4e5f";
const std::string kUidSystemd = "6d2c1a8e_1f3b_4c5d_9e7f_0a1b2c3d4e5f";

struct Case {
  const char* what;
  std::string path;
  std::string id;   // "" = no container
  std::string uid;
};

TEST(ContainerFromCgroupPath, KnownShapes) {
  const Case cases[] = {
      {"containerd, systemd driver",
       "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + kUidSystemd + ".slice/cri-containerd-" + kId +
           ".scope",
       kId, kUid},
      {"containerd, systemd driver, guaranteed QoS",
       "/kubepods.slice/kubepods-pod" + kUidSystemd + ".slice/cri-containerd-" + kId + ".scope", kId, kUid},
      {"cri-o, systemd driver",
       "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + kUidSystemd + ".slice/crio-" + kId +
           ".scope",
       kId, kUid},
      {"cri-o conmon is not the container",
       "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + kUidSystemd + ".slice/crio-conmon-" + kId +
           ".scope",
       "", ""},
      {"containerd or cri-o, cgroupfs driver", "/kubepods/burstable/pod" + kUid + "/" + kId, kId, kUid},
      {"cgroupfs driver, guaranteed QoS", "/kubepods/pod" + kUid + "/" + kId, kId, kUid},
      {"docker, cgroupfs driver", "/docker/" + kId, kId, ""},
      {"docker, systemd driver", "/system.slice/docker-" + kId + ".scope", kId, ""},
      {"podman", "/machine.slice/libpod-" + kId + ".scope", kId, ""},
      {"inside a cgroup namespace", "/../../kubepods-besteffort-pod" + kUidSystemd + ".slice/cri-containerd-" + kId +
                                        ".scope",
       kId, kUid},
      {"kind: node container outside, pod container inside",
       "/system.slice/docker-" + std::string(64, 'a') + ".scope/kubepods/besteffort/pod" + kUid + "/" + kId, kId, kUid},
      {"a host service", "/system.slice/nginx.service", "", ""},
      {"a user session", "/user.slice/user-0.slice/session-3.scope", "", ""},
      {"root", "/", "", ""},
      {"id one digit short", "/docker/" + kId.substr(1), "", ""},
      {"upper-case is not a runtime id", "/docker/" + std::string(64, 'A'), "", ""},
      {"pod slice without a container (pause sandbox level)",
       "/kubepods.slice/kubepods-pod" + kUidSystemd + ".slice", "", ""},
  };
  for (const auto& c : cases) {
    auto ref = container_from_cgroup_path(c.path);
    if (c.id.empty()) {
      EXPECT_FALSE(ref.has_value()) << c.what;
      continue;
    }
    ASSERT_TRUE(ref.has_value()) << c.what;
    EXPECT_EQ(ref->container_id, c.id) << c.what;
    EXPECT_EQ(ref->pod_uid, c.uid) << c.what;
  }
}

TEST(ContainerFromProcCgroup, PrefersTheV2Line) {
  std::string other(64, 'b');
  std::string text = "12:memory:/kubepods/pod" + kUid + "/" + other + "\n0::/kubepods/pod" + kUid + "/" + kId + "\n";
  auto ref = container_from_proc_cgroup(text);
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->container_id, kId);
}

TEST(ContainerFromProcCgroup, FallsBackToV1Lines) {
  std::string text = "12:pids:/kubepods/besteffort/pod" + kUid + "/" + kId + "\n1:name=systemd:/\n0::/\n";
  auto ref = container_from_proc_cgroup(text);
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->container_id, kId);
  EXPECT_EQ(ref->pod_uid, kUid);
}

TEST(ContainerFromProcCgroup, HostProcessAndGarbage) {
  EXPECT_FALSE(container_from_proc_cgroup("0::/system.slice/ssh.service\n"));
  EXPECT_FALSE(container_from_proc_cgroup(""));
  EXPECT_FALSE(container_from_proc_cgroup("no colons here\n::\n"));
}

TEST(StripRuntimePrefix, EveryRuntime) {
  EXPECT_EQ(strip_runtime_prefix("containerd://" + kId), kId);
  EXPECT_EQ(strip_runtime_prefix("cri-o://" + kId), kId);
  EXPECT_EQ(strip_runtime_prefix("docker://" + kId), kId);
  EXPECT_EQ(strip_runtime_prefix(kId), "");
  EXPECT_EQ(strip_runtime_prefix(""), "");
}

}  // namespace
}  // namespace kotel::kubernetes
