#include "pipeline/resource_catalog.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "kubernetes/pod_info.h"

namespace kotel::pipeline {

std::string local_host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof(buf) - 1) != 0) return "localhost";
  return buf;
}

std::optional<kubernetes::ContainerRef> ResourceCatalog::read_container(uint32_t pid) const {
  std::ifstream in(proc_root_ + "/" + std::to_string(pid) + "/cgroup");
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return kubernetes::container_from_proc_cgroup(ss.str());
}

void ResourceCatalog::resolve_pod(Entry& e) const {
  e.generation = k8s_->pods->generation();  // before the read: a change after it is seen next time
  e.pod.reset();
  e.container_name.clear();
  if (!e.container) return;
  if (auto m = k8s_->pods->find(*e.container)) {
    e.pod = m->pod;
    e.container_name = m->container_name;
  }
}

std::shared_ptr<const model::Resource> ResourceCatalog::build(const discovery::ServiceIdentity& id,
                                                              const Entry& e) const {
  auto r = std::make_shared<model::Resource>();
  r->service_name = id.service_name;
  r->service_namespace = id.service_namespace;
  r->service_instance_id = id.instance_id;
  r->pid = id.pid;
  r->executable_name = id.executable_name;
  r->executable_path = id.executable_path;
  r->host_name = host_name_;
  r->extra = id.resource_attributes;
  if (!k8s_) return r;
  kubernetes::Attributes k8s;
  if (e.pod) {
    k8s = kubernetes::pod_attributes(*e.pod, e.container_name);
    // The process's own name (OTEL_SERVICE_NAME...) wins; the pod's labels beat the executable.
    if (std::string_view(id.name_source) == "executable" && !e.pod->service_name.empty())
      r->service_name = e.pod->service_name;
  }
  if (!k8s_->node_name.empty() && std::none_of(k8s.begin(), k8s.end(), [](auto& kv) { return kv.first == "k8s.node.name"; }))
    k8s.emplace_back("k8s.node.name", k8s_->node_name);
  // What the process says about itself (OTEL_RESOURCE_ATTRIBUTES) wins over what kotel found.
  for (auto& kv : k8s)
    if (std::none_of(r->extra.begin(), r->extra.end(), [&](auto& x) { return x.first == kv.first; }))
      r->extra.push_back(std::move(kv));
  return r;
}

std::shared_ptr<const model::Resource> ResourceCatalog::lookup(uint32_t pid, std::string_view comm_hint) {
  auto it = by_pid_.find(pid);
  if (it != by_pid_.end()) {
    Entry& e = it->second;
    if (!k8s_ || !e.container || e.generation == k8s_->pods->generation()) return e.resource;
    auto pod = e.pod;
    auto name = e.container_name;
    resolve_pod(e);
    if (e.pod != pod || e.container_name != name) e.resource = build(services_.lookup(pid, comm_hint), e);
    return e.resource;
  }
  Entry e;
  if (k8s_) {
    e.container = read_container(pid);
    resolve_pod(e);
  }
  e.resource = build(services_.lookup(pid, comm_hint), e);
  if (!warned_environ_ && services_.environ_denied() > 0) {
    warned_environ_ = true;
    spdlog::warn("cannot read /proc/{}/environ (permission denied): missing capability CAP_SYS_PTRACE; service.name "
                 "of other users' processes falls back to the executable's name instead of OTEL_SERVICE_NAME",
                 pid);
  }
  if (by_pid_.size() >= 65536) by_pid_.clear();  // the service catalog keeps the expensive part
  auto r = e.resource;
  by_pid_.emplace(pid, std::move(e));
  return r;
}

void ResourceCatalog::on_exec(uint32_t pid, std::string_view comm) {
  by_pid_.erase(pid);
  services_.remember(pid, comm);
}

void ResourceCatalog::forget(uint32_t pid) {
  by_pid_.erase(pid);
  services_.forget(pid);
}

}  // namespace kotel::pipeline
