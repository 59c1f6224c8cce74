#include "metrics/metric_resources.h"


namespace kotel::metrics {
namespace {

const std::string* attribute(const model::Resource& r, std::string_view key) {
  for (const auto& [k, v] : r.extra)
    if (k == key) return &v;
  return nullptr;
}

}  // namespace

std::shared_ptr<const model::Resource> MetricResources::of(const std::shared_ptr<const model::Resource>& process) {
  if (!process) return nullptr;
  auto cached = by_process_.find(process.get());
  if (cached != by_process_.end() && cached->second.process.lock() == process) return cached->second.metric;

  const model::Resource& p = *process;
  const std::string* pod = attribute(p, "k8s.pod.uid");
  // Not the executable name: a process that exited before it was looked at
  // has none, and would make a second series of its service.
  std::string key = p.service_name + '\x1f' + p.service_namespace + '\x1f' + p.host_name;
  for (const auto& [k, v] : p.extra) key.append("\x1f").append(k).append("=").append(v);
  auto it = by_key_.find(key);
  std::shared_ptr<const model::Resource> metric;
  if (it != by_key_.end()) {
    metric = it->second;
  } else if (by_key_.size() >= kMaxResources) {
    ++overflowed_;
    if (!overflow_) {
      auto r = std::make_shared<model::Resource>();
      r->service_name = "kotel.overflow";
      r->host_name = p.host_name;
      r->service_instance_id = p.host_name + "/kotel.overflow";
      overflow_ = r;
    }
    metric = overflow_;
  } else {
    auto r = std::make_shared<model::Resource>();
    r->service_name = p.service_name;
    r->service_namespace = p.service_namespace;
    r->host_name = p.host_name;
    r->executable_name = p.executable_name;
    r->service_instance_id = p.host_name + "/" + (p.service_namespace.empty() ? "" : p.service_namespace + "/") +
                             p.service_name + (pod ? "/" + *pod : "");
    for (const auto& kv : p.extra)
      if (kv.first != "service.instance.id") r->extra.push_back(kv);
    metric = r;
    by_key_.emplace(std::move(key), metric);
  }
  if (by_process_.size() >= 4 * kMaxResources) collect();
  by_process_[process.get()] = Cached{process, metric};
  return metric;
}

void MetricResources::collect() {
  for (auto it = by_process_.begin(); it != by_process_.end();)
    it = it->second.process.expired() ? by_process_.erase(it) : std::next(it);
  // Held by the cache and this table only: no series uses it.
  std::unordered_map<const model::Resource*, long> cached;
  for (const auto& [p, c] : by_process_) ++cached[c.metric.get()];
  for (auto it = by_key_.begin(); it != by_key_.end();) {
    auto c = cached.find(it->second.get());
    long in_cache = c == cached.end() ? 0 : c->second;
    if (it->second.use_count() - in_cache > 1) {
      ++it;
      continue;
    }
    for (auto p = by_process_.begin(); in_cache && p != by_process_.end();)  // rare: its processes are gone
      p = p->second.metric == it->second ? by_process_.erase(p) : std::next(p);
    it = by_key_.erase(it);
  }
  if (overflow_ && overflow_.use_count() == 1) overflow_.reset();
}

}  // namespace kotel::metrics
