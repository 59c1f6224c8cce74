#pragma once
// A pod as the API server describes it (core/v1 Pod JSON) -> what kotel puts on
// the resources of the processes in it. Pure: no I/O.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace kotel::kubernetes {

using Attributes = std::vector<std::pair<std::string, std::string>>;

// The workload a pod belongs to, from its controller owner reference.
struct Workload {
  std::string kind;  // "deployment", "replicaset", "statefulset", "daemonset", "job", "cronjob" or ""
  std::string name;
  bool operator==(const Workload&) const = default;
};

struct PodInfo {
  std::string uid, name, namespace_name, node_name;
  std::string resource_version;
  std::vector<Workload> workloads;  // e.g. replicaset web-5d8f7c9b6d and deployment web
  // resource.opentelemetry.io/service.name annotation, else the app.kubernetes.io/name
  // label, else the app label; "" when none.
  std::string service_name;
  // container id (no runtime prefix) -> container name, from every container status.
  std::vector<std::pair<std::string, std::string>> containers;
  // The container name when the pod has one container only (a process whose id
  // is not in the status yet, e.g. just started, still gets it).
  std::string only_container;
};

// ReplicaSet owner -> its Deployment: the ReplicaSet's name is the
// Deployment's plus "-<pod-template-hash>" (the pod carries that label). When
// the label is missing, a suffix of Kubernetes' hash alphabet (consonants and
// digits without vowels, 1-10 characters) is stripped. Job -> its CronJob when
// the name ends in "-<digits>" (CronJob names the Job after the scheduled minute)
// is not done: a Job can be named that way by hand.
std::vector<Workload> workloads_of(std::string_view owner_kind, std::string_view owner_name,
                                   std::string_view pod_template_hash);

// A Pod object; an error names what is missing (metadata.uid, name, namespace).
core::Result<PodInfo> parse_pod(const nlohmann::json& pod);

// k8s.namespace.name, k8s.pod.name, k8s.pod.uid, k8s.node.name, k8s.container.name
// (when known), k8s.<workload>.name for each workload.
Attributes pod_attributes(const PodInfo& pod, std::string_view container_name);

}  // namespace kotel::kubernetes
