#pragma once
// pid -> the OpenTelemetry resource its spans carry (service identity from the
// process's own environment, plus this host), shared by all its spans.

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "discovery/service_identity.h"
#include "spans/span.h"

namespace kotel::pipeline {

class ResourceCatalog {
 public:
  explicit ResourceCatalog(std::string host_name) : host_name_(std::move(host_name)) {}

  std::shared_ptr<const spans::Resource> lookup(uint32_t pid, std::string_view comm_hint = {});
  // A new program in the process (exec): read its identity now, while it runs.
  void on_exec(uint32_t pid, std::string_view comm);
  void forget(uint32_t pid);
  size_t size() const { return by_pid_.size(); }

 private:
  std::shared_ptr<const spans::Resource> build(const discovery::ServiceIdentity& id) const;

  std::string host_name_;
  discovery::ServiceCatalog services_;
  std::unordered_map<uint32_t, std::shared_ptr<const spans::Resource>> by_pid_;
};

std::string local_host_name();

}  // namespace kotel::pipeline
