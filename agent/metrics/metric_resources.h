#pragma once
// What a metric series is kept per: the service on this host, not the process.
// Spans carry their process's resource (its pid, a service.instance.id per
// process): right for a trace, wrong for a time series, which would then grow
// with every short-lived process (each `curl` a cron job runs). So processes
// of one service share one resource here: service.name and namespace, host,
// what the process declared (OTEL_RESOURCE_ATTRIBUTES) and its pod (k8s.*),
// without pid and path (the executable name of the first); service.instance.id becomes
// <host>/<service> (the pod uid too when there is one), unique per agent.
// Bounded: past kMaxResources one shared overflow resource takes the rest.

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "model/resource.h"

namespace kotel::metrics {

class MetricResources {
 public:
  static constexpr size_t kMaxResources = 1000;

  // The series resource of a process's resource (null stays null).
  std::shared_ptr<const model::Resource> of(const std::shared_ptr<const model::Resource>& process);
  // Forgets resources no series holds any more, and stale cache entries.
  void collect();
  size_t size() const { return by_key_.size(); }
  uint64_t overflowed() const { return overflowed_; }

 private:
  struct Cached {
    std::weak_ptr<const model::Resource> process;  // the pointer's owner, to see it was not reused
    std::shared_ptr<const model::Resource> metric;
  };
  std::unordered_map<std::string, std::shared_ptr<const model::Resource>> by_key_;
  std::unordered_map<const model::Resource*, Cached> by_process_;  // one lookup per span, no key built
  std::shared_ptr<const model::Resource> overflow_;
  uint64_t overflowed_ = 0;
};

}  // namespace kotel::metrics
