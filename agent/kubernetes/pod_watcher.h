#pragma once
// Keeps a PodStore in step with the pods scheduled on this node, on its own
// thread: list (fieldSelector spec.nodeName=<node>), then watch from the list's
// resourceVersion; a 410 Gone lists again; a failure waits (1 s doubling to
// 30 s) and tries again. The pipeline never waits on it: it reads the store.
// API server down: no pods, so no k8s attributes, a warning per failure, and
// kotel_kubernetes_api_failures_total counts them.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "kubernetes/api_client.h"
#include "kubernetes/pod_store.h"

namespace kotel::kubernetes {

struct WatcherStats {
  std::atomic<uint64_t> lists{0};           // complete lists
  std::atomic<uint64_t> list_failures{0};
  std::atomic<uint64_t> watch_failures{0};  // watch requests that failed or ended with an error
  std::atomic<uint64_t> watch_events{0};    // ADDED, MODIFIED, DELETED applied
  std::atomic<uint64_t> relists_gone{0};    // 410 Gone: the resourceVersion was too old
  std::atomic<uint64_t> invalid{0};         // pods or events that could not be read (skipped)
  std::atomic<bool> synced{false};          // listed, and the last call did not fail
};

class PodWatcher {
 public:
  // watch_timeout_s: each watch asks the server to end after this long (then
  // it is renewed from the last resourceVersion).
  PodWatcher(ApiConfig api, std::string node_name, std::shared_ptr<PodStore> store, long watch_timeout_s = 300);
  ~PodWatcher();  // stops and joins within about a second
  PodWatcher(const PodWatcher&) = delete;
  PodWatcher& operator=(const PodWatcher&) = delete;

  const WatcherStats& stats() const { return stats_; }
  size_t pods() const { return store_->size(); }

 private:
  void run();
  bool list(std::string& resource_version);
  enum class WatchEnd { kRenew, kGone, kFailed };
  WatchEnd watch(std::string& resource_version);
  void wait(std::chrono::milliseconds d);

  ApiClient client_;
  std::string selector_;  // url-encoded fieldSelector
  std::shared_ptr<PodStore> store_;
  long watch_timeout_s_;
  WatcherStats stats_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
};

}  // namespace kotel::kubernetes
