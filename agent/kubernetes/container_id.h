#pragma once
// /proc/<pid>/cgroup -> the container (and pod) a process runs in. Container
// runtimes name the cgroup of a container after its id; the shapes differ by
// runtime and cgroup driver:
//   systemd driver: .../kubepods-burstable-pod<uid with _>.slice/cri-containerd-<id>.scope
//                   .../crio-<id>.scope, .../docker-<id>.scope, .../libpod-<id>.scope
//   cgroupfs driver: /kubepods/burstable/pod<uid>/<id>, /docker/<id>
// Inside a cgroup namespace the path may start with "/../..": only the last
// segments matter, so that works too.

#include <optional>
#include <string>
#include <string_view>

namespace kotel::kubernetes {

struct ContainerRef {
  std::string container_id;  // 64 lower-case hex digits, without the runtime's "containerd://" prefix
  std::string pod_uid;       // "" when the path does not carry it (plain docker)
  bool operator==(const ContainerRef&) const = default;
};

// One cgroup path ("/kubepods.slice/..."); nullopt when it names no container.
std::optional<ContainerRef> container_from_cgroup_path(std::string_view path);
// The text of /proc/<pid>/cgroup: the v2 line ("0::/path") first, then any v1 line.
std::optional<ContainerRef> container_from_proc_cgroup(std::string_view text);
// "containerd://<id>", "cri-o://<id>", "docker://<id>" (a pod's status) -> "<id>"; "" if malformed.
std::string strip_runtime_prefix(std::string_view container_id);

}  // namespace kotel::kubernetes
