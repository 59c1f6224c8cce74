#include "pipeline/resource_catalog.h"

#include <unistd.h>

namespace kotel::pipeline {

std::string local_host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof(buf) - 1) != 0) return "localhost";
  return buf;
}

std::shared_ptr<const spans::Resource> ResourceCatalog::build(const discovery::ServiceIdentity& id) const {
  auto r = std::make_shared<spans::Resource>();
  r->service_name = id.service_name;
  r->service_namespace = id.service_namespace;
  r->service_instance_id = id.instance_id;
  r->pid = id.pid;
  r->executable_name = id.executable_name;
  r->executable_path = id.executable_path;
  r->host_name = host_name_;
  r->extra = id.resource_attributes;
  return r;
}

std::shared_ptr<const spans::Resource> ResourceCatalog::lookup(uint32_t pid, std::string_view comm_hint) {
  auto it = by_pid_.find(pid);
  if (it != by_pid_.end()) return it->second;
  auto r = build(services_.lookup(pid, comm_hint));
  if (by_pid_.size() >= 65536) by_pid_.clear();  // the service catalog keeps the expensive part
  by_pid_.emplace(pid, r);
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
