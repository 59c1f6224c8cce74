#include "admin/reader_bridge.h"

#include <algorithm>

namespace kotel::admin {

bool ReaderBridge::run(std::function<void()> task, std::chrono::milliseconds timeout) {
  auto job = std::make_shared<Job>();
  job->task = std::move(task);
  std::unique_lock lock(mu_);
  queue_.push_back(job);
  if (done_cv_.wait_for(lock, timeout, [&] { return job->done; })) return true;
  if (!job->taken) {  // never started: it may reference the caller's stack, so drop it
    queue_.erase(std::find(queue_.begin(), queue_.end(), job));
    return false;
  }
  done_cv_.wait(lock, [&] { return job->done; });  // running now: short, wait for it
  return true;
}

void ReaderBridge::serve() {
  std::deque<std::shared_ptr<Job>> jobs;
  {
    std::lock_guard lock(mu_);
    if (queue_.empty()) return;
    jobs.swap(queue_);
    for (auto& j : jobs) j->taken = true;
  }
  for (auto& j : jobs) j->task();
  {
    std::lock_guard lock(mu_);
    for (auto& j : jobs) j->done = true;
  }
  done_cv_.notify_all();
}

}  // namespace kotel::admin
