#pragma once
// The pods of this node as last seen from the API server, shared between the
// watcher thread (writes) and the pipeline (reads). A generation number that
// moves on every change lets the pipeline re-resolve a process's pod only
// when something changed (one atomic load per lookup otherwise).

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kubernetes/container_id.h"
#include "kubernetes/pod_info.h"

namespace kotel::kubernetes {

struct PodMatch {
  std::shared_ptr<const PodInfo> pod;
  std::string container_name;  // "" when the container id is not in the pod's status
};

class PodStore {
 public:
  // After a list: exactly these pods.
  void replace_all(std::vector<PodInfo> pods);
  // ADDED / MODIFIED.
  void upsert(PodInfo pod);
  // DELETED.
  void remove(const std::string& uid);

  // The pod of a container: by container id, else by the pod uid the cgroup path carries.
  std::optional<PodMatch> find(const ContainerRef& ref) const;
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  size_t size() const;

 private:
  void index(const std::shared_ptr<const PodInfo>& pod);
  void unindex(const PodInfo& pod);

  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const PodInfo>> by_uid_;
  std::unordered_map<std::string, std::shared_ptr<const PodInfo>> by_container_;
  std::atomic<uint64_t> generation_{0};
};

}  // namespace kotel::kubernetes
