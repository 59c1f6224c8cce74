#pragma once
// Who produced a span, a metric series or a log record: the observed process,
// as OpenTelemetry resource attributes. The one model type every stage from
// spans to exporters shares; plain values, no behaviour.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kotel::model {

struct Resource {
  std::string service_name;
  std::string service_namespace;
  std::string service_instance_id;
  uint32_t pid = 0;
  std::string executable_name;
  std::string executable_path;
  std::string host_name;
  std::vector<std::pair<std::string, std::string>> extra;  // the process's OTEL_RESOURCE_ATTRIBUTES
};

}  // namespace kotel::model
