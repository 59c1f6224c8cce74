#include "kubernetes/pod_store.h"

namespace kotel::kubernetes {

void PodStore::index(const std::shared_ptr<const PodInfo>& pod) {
  by_uid_[pod->uid] = pod;
  for (const auto& [id, name] : pod->containers) by_container_[id] = pod;
}

void PodStore::unindex(const PodInfo& pod) {
  for (const auto& [id, name] : pod.containers) {
    auto it = by_container_.find(id);
    if (it != by_container_.end() && it->second->uid == pod.uid) by_container_.erase(it);
  }
  by_uid_.erase(pod.uid);
}

void PodStore::replace_all(std::vector<PodInfo> pods) {
  std::lock_guard lock(mu_);
  by_uid_.clear();
  by_container_.clear();
  for (auto& p : pods) index(std::make_shared<const PodInfo>(std::move(p)));
  generation_.fetch_add(1, std::memory_order_release);
}

void PodStore::upsert(PodInfo pod) {
  std::lock_guard lock(mu_);
  auto old = by_uid_.find(pod.uid);
  if (old != by_uid_.end()) unindex(*old->second);
  index(std::make_shared<const PodInfo>(std::move(pod)));
  generation_.fetch_add(1, std::memory_order_release);
}

void PodStore::remove(const std::string& uid) {
  std::lock_guard lock(mu_);
  auto old = by_uid_.find(uid);
  if (old == by_uid_.end()) return;
  unindex(*old->second);
  generation_.fetch_add(1, std::memory_order_release);
}

std::optional<PodMatch> PodStore::find(const ContainerRef& ref) const {
  std::lock_guard lock(mu_);
  auto by_id = by_container_.find(ref.container_id);
  if (by_id != by_container_.end()) {
    for (const auto& [id, name] : by_id->second->containers)
      if (id == ref.container_id) return PodMatch{by_id->second, name};
  }
  if (ref.pod_uid.empty()) return std::nullopt;
  auto by_uid = by_uid_.find(ref.pod_uid);
  if (by_uid == by_uid_.end()) return std::nullopt;
  return PodMatch{by_uid->second, by_uid->second->only_container};
}

size_t PodStore::size() const {
  std::lock_guard lock(mu_);
  return by_uid_.size();
}

}  // namespace kotel::kubernetes
