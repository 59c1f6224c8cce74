#include "kubernetes/watch_events.h"

#include <nlohmann/json.hpp>

namespace kotel::kubernetes {

using nlohmann::json;

core::Result<PodListPage> parse_pod_list(std::string_view body) {
  json doc = json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return core::Error{"pod list is not a JSON object"};
  if (doc.value("kind", "") == "Status")
    return core::Error{"pod list refused: " + doc.value("message", doc.value("reason", std::string("?")))};
  PodListPage page;
  auto meta = doc.find("metadata");
  if (meta != doc.end() && meta->is_object()) {
    page.resource_version = meta->value("resourceVersion", "");
    page.continue_token = meta->value("continue", "");
  }
  if (page.resource_version.empty()) return core::Error{"pod list without metadata.resourceVersion"};
  auto items = doc.find("items");
  if (items != doc.end() && items->is_array())
    for (const auto& item : *items) {
      auto pod = parse_pod(item);
      if (pod) page.pods.push_back(std::move(pod.value()));
      else ++page.invalid_pods;
    }
  return page;
}

WatchOutcome apply_watch_line(std::string_view line, PodStore& store, std::string& resource_version) {
  json ev = json::parse(line, nullptr, false);
  if (ev.is_discarded() || !ev.is_object()) return WatchOutcome::kInvalid;
  auto type = ev.value("type", "");
  auto obj = ev.find("object");
  if (obj == ev.end() || !obj->is_object()) return WatchOutcome::kInvalid;
  if (type == "ERROR") return obj->value("code", 0) == 410 ? WatchOutcome::kGone : WatchOutcome::kError;
  std::string rv;
  if (auto m = obj->find("metadata"); m != obj->end() && m->is_object()) rv = m->value("resourceVersion", "");
  if (type == "BOOKMARK") {
    if (!rv.empty()) resource_version = rv;
    return WatchOutcome::kBookmark;
  }
  auto pod = parse_pod(*obj);
  if (!pod) return WatchOutcome::kInvalid;
  if (type == "ADDED" || type == "MODIFIED") store.upsert(std::move(pod.value()));
  else if (type == "DELETED") store.remove(pod.value().uid);
  else return WatchOutcome::kInvalid;
  if (!rv.empty()) resource_version = rv;
  return WatchOutcome::kApplied;
}

}  // namespace kotel::kubernetes
