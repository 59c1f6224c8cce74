#pragma once
// pid -> the OpenTelemetry resource its spans carry (service identity from the
// process's own environment, plus this host, plus its pod when Kubernetes
// metadata is on), shared by all its spans. A process seen before its pod is
// known gets the pod's attributes on the first lookup after the pod arrives:
// the pod store's generation is compared on every lookup (one atomic load).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "discovery/service_identity.h"
#include "kubernetes/container_id.h"
#include "kubernetes/pod_store.h"
#include "model/resource.h"

namespace kotel::pipeline {

struct KubernetesView {
  std::shared_ptr<const kubernetes::PodStore> pods;
  std::string node_name;  // k8s.node.name of every process on this node
};

class ResourceCatalog {
 public:
  explicit ResourceCatalog(std::string host_name, std::string proc_root = "/proc")
      : host_name_(std::move(host_name)), proc_root_(proc_root), services_(65536, std::move(proc_root)) {}

  std::shared_ptr<const model::Resource> lookup(uint32_t pid, std::string_view comm_hint = {});
  // A new program in the process (exec): read its identity now, while it runs.
  void on_exec(uint32_t pid, std::string_view comm);
  void forget(uint32_t pid);
  size_t size() const { return by_pid_.size(); }
  void enable_kubernetes(KubernetesView view) { k8s_ = std::move(view); }

 private:
  struct Entry {
    std::shared_ptr<const model::Resource> resource;
    std::optional<kubernetes::ContainerRef> container;  // from /proc/<pid>/cgroup, read once
    uint64_t generation = 0;                            // of the pod store when last resolved
    std::shared_ptr<const kubernetes::PodInfo> pod;
    std::string container_name;
  };

  std::shared_ptr<const model::Resource> build(const discovery::ServiceIdentity& id, const Entry& e) const;
  void resolve_pod(Entry& e) const;
  std::optional<kubernetes::ContainerRef> read_container(uint32_t pid) const;

  std::string host_name_;
  std::string proc_root_;
  discovery::ServiceCatalog services_;
  std::optional<KubernetesView> k8s_;
  std::unordered_map<uint32_t, Entry> by_pid_;
  bool warned_environ_ = false;
};

std::string local_host_name();

}  // namespace kotel::pipeline
