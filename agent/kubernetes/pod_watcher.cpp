#include "kubernetes/pod_watcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "kubernetes/watch_events.h"

namespace kotel::kubernetes {
namespace {

constexpr size_t kMaxListBody = 256u << 20;
constexpr std::chrono::milliseconds kFirstBackoff{1000}, kMaxBackoff{30000};

}  // namespace

PodWatcher::PodWatcher(ApiConfig api, std::string node_name, std::shared_ptr<PodStore> store, long watch_timeout_s)
    : client_(std::move(api)),
      selector_(url_encode("spec.nodeName=" + node_name)),
      store_(std::move(store)),
      watch_timeout_s_(watch_timeout_s),
      thread_([this] { run(); }) {}

PodWatcher::~PodWatcher() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void PodWatcher::wait(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, d, [this] { return stop_.load(); });
}

bool PodWatcher::list(std::string& resource_version) {
  std::vector<PodInfo> pods;
  std::string next;
  do {
    std::string body;
    std::string path = "/api/v1/pods?fieldSelector=" + selector_ + "&limit=500";
    if (!next.empty()) path += "&continue=" + url_encode(next);
    auto status = client_.get(path, 30, [&](std::string_view chunk) {
      body.append(chunk);
      return body.size() <= kMaxListBody;
    }, stop_);
    if (stop_) return false;
    if (!status || status.value() != 200) {
      ++stats_.list_failures;
      stats_.synced = false;
      spdlog::warn("kubernetes: listing pods failed: {}; spans carry no k8s attributes until it works",
                   status ? "HTTP " + std::to_string(status.value()) + " " + body.substr(0, 200) : status.error());
      return false;
    }
    auto page = parse_pod_list(body);
    if (!page) {
      ++stats_.list_failures;
      spdlog::warn("kubernetes: {}", page.error());
      return false;
    }
    stats_.invalid += page.value().invalid_pods;
    for (auto& p : page.value().pods) pods.push_back(std::move(p));
    resource_version = page.value().resource_version;
    next = page.value().continue_token;
  } while (!next.empty() && !stop_);
  size_t n = pods.size();
  store_->replace_all(std::move(pods));
  ++stats_.lists;
  stats_.synced = true;
  spdlog::info("kubernetes: {} pods on this node (resourceVersion {})", n, resource_version);
  return true;
}

PodWatcher::WatchEnd PodWatcher::watch(std::string& resource_version) {
  std::string path = "/api/v1/pods?fieldSelector=" + selector_ + "&watch=1&allowWatchBookmarks=true&resourceVersion=" +
                     url_encode(resource_version) + "&timeoutSeconds=" + std::to_string(watch_timeout_s_);
  LineSplitter lines;
  bool gone = false, error = false;
  std::string error_body;
  long status_code = 0;
  auto status = client_.get(path, watch_timeout_s_ + 30, [&](std::string_view chunk) {
    lines.feed(chunk, [&](std::string_view line) {
      if (gone) return;
      switch (apply_watch_line(line, *store_, resource_version)) {
        case WatchOutcome::kApplied: ++stats_.watch_events; break;
        case WatchOutcome::kBookmark: break;
        case WatchOutcome::kGone: gone = true; break;
        case WatchOutcome::kError: error = true; error_body = std::string(line.substr(0, 200)); break;
        case WatchOutcome::kInvalid: ++stats_.invalid; error_body = std::string(line.substr(0, 200)); break;
      }
    });
    return !gone;
  }, stop_);
  if (stop_) return WatchEnd::kRenew;
  if (status) status_code = status.value();
  if (gone || status_code == 410) {
    ++stats_.relists_gone;
    spdlog::info("kubernetes: resourceVersion {} expired (410 Gone), listing pods again", resource_version);
    return WatchEnd::kGone;
  }
  if (!status || status_code != 200 || error) {
    ++stats_.watch_failures;
    stats_.synced = false;
    spdlog::warn("kubernetes: watching pods failed: {}",
                 !status ? status.error() : "HTTP " + std::to_string(status_code) + " " + error_body);
    return WatchEnd::kFailed;
  }
  stats_.synced = true;
  return WatchEnd::kRenew;
}

void PodWatcher::run() {
  auto backoff = kFirstBackoff;
  auto fail = [&] {
    wait(backoff);
    backoff = std::min(backoff * 2, kMaxBackoff);
  };
  while (!stop_) {
    std::string rv;
    if (!list(rv)) {
      fail();
      continue;
    }
    backoff = kFirstBackoff;
    while (!stop_) {
      WatchEnd end = watch(rv);
      if (end == WatchEnd::kGone) break;
      if (end == WatchEnd::kFailed) fail();  // then watch again from rv: the server says 410 if it is too old
      else backoff = kFirstBackoff;
    }
  }
}

}  // namespace kotel::kubernetes
