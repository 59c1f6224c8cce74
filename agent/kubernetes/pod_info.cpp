#include "kubernetes/pod_info.h"

#include "core/text.h"
#include "kubernetes/container_id.h"

namespace kotel::kubernetes {
namespace {

using nlohmann::json;

// Kubernetes' rand.SafeEncodeString alphabet: no vowels, no 0/1/3.
bool is_hash_alphabet(std::string_view s) {
  if (s.empty() || s.size() > 10) return false;
  for (char c : s)
    if (std::string_view("bcdfghjklmnpqrstvwxz2456789").find(c) == std::string_view::npos) return false;
  return true;
}

std::string lower(std::string_view s) { return core::to_lower(s); }

std::string string_at(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json& object_at(const json& obj, const char* key) {
  static const json kEmpty = json::object();
  auto it = obj.find(key);
  return it != obj.end() && it->is_object() ? *it : kEmpty;
}

void add_statuses(const json& status, const char* key, PodInfo& pod) {
  auto it = status.find(key);
  if (it == status.end() || !it->is_array()) return;
  for (const auto& c : *it) {
    if (!c.is_object()) continue;
    std::string id = strip_runtime_prefix(string_at(c, "containerID"));
    std::string name = string_at(c, "name");
    if (!id.empty() && !name.empty()) pod.containers.emplace_back(std::move(id), std::move(name));
  }
}

}  // namespace

std::vector<Workload> workloads_of(std::string_view owner_kind, std::string_view owner_name,
                                   std::string_view pod_template_hash) {
  std::string kind = lower(owner_kind);
  std::string name(owner_name);
  if (name.empty()) return {};
  if (kind == "replicaset") {
    std::vector<Workload> out{{"replicaset", name}};
    size_t dash = name.rfind('-');
    if (dash == std::string::npos || dash == 0) return out;
    std::string_view suffix = std::string_view(name).substr(dash + 1);
    bool matches = pod_template_hash.empty() ? is_hash_alphabet(suffix) : suffix == pod_template_hash;
    if (matches) out.push_back({"deployment", name.substr(0, dash)});
    return out;
  }
  if (kind == "statefulset" || kind == "daemonset" || kind == "job" || kind == "cronjob" || kind == "deployment")
    return {{kind, name}};
  return {};
}

core::Result<PodInfo> parse_pod(const json& pod) {
  if (!pod.is_object()) return core::Error{"pod is not a JSON object"};
  const json& meta = object_at(pod, "metadata");
  PodInfo p;
  p.uid = string_at(meta, "uid");
  p.name = string_at(meta, "name");
  p.namespace_name = string_at(meta, "namespace");
  p.resource_version = string_at(meta, "resourceVersion");
  if (p.uid.empty()) return core::Error{"pod without metadata.uid"};
  if (p.name.empty()) return core::Error{"pod " + p.uid + " without metadata.name"};
  if (p.namespace_name.empty()) return core::Error{"pod " + p.name + " without metadata.namespace"};
  p.node_name = string_at(object_at(pod, "spec"), "nodeName");

  const json& labels = object_at(meta, "labels");
  const json& annotations = object_at(meta, "annotations");
  for (const std::string& candidate : {string_at(annotations, "resource.opentelemetry.io/service.name"),
                                       string_at(labels, "app.kubernetes.io/name"), string_at(labels, "app")})
    if (!candidate.empty()) {
      p.service_name = candidate;
      break;
    }

  auto owners = meta.find("ownerReferences");
  if (owners != meta.end() && owners->is_array())
    for (const auto& o : *owners) {
      if (!o.is_object() || !o.value("controller", false)) continue;
      p.workloads = workloads_of(string_at(o, "kind"), string_at(o, "name"), string_at(labels, "pod-template-hash"));
      break;
    }

  const json& status = object_at(pod, "status");
  add_statuses(status, "containerStatuses", p);
  add_statuses(status, "initContainerStatuses", p);
  add_statuses(status, "ephemeralContainerStatuses", p);
  auto containers = object_at(pod, "spec").find("containers");
  if (containers != object_at(pod, "spec").end() && containers->is_array() && containers->size() == 1 &&
      (*containers)[0].is_object())
    p.only_container = string_at((*containers)[0], "name");
  return p;
}

Attributes pod_attributes(const PodInfo& pod, std::string_view container_name) {
  Attributes a{{"k8s.namespace.name", pod.namespace_name}, {"k8s.pod.name", pod.name}, {"k8s.pod.uid", pod.uid}};
  if (!pod.node_name.empty()) a.emplace_back("k8s.node.name", pod.node_name);
  if (!container_name.empty()) a.emplace_back("k8s.container.name", std::string(container_name));
  for (const auto& w : pod.workloads) a.emplace_back("k8s." + w.kind + ".name", w.name);
  return a;
}

}  // namespace kotel::kubernetes
