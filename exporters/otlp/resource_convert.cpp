#include "exporters/otlp/resource_convert.h"

#include <string_view>
#include <unordered_set>

#include "core/version.h"

namespace kotel::otlp {
namespace pb = opentelemetry::proto;

namespace {

void add_string(pb::common::v1::KeyValue* kv, std::string_view key, std::string_view value) {
  kv->set_key(std::string(key));
  kv->mutable_value()->set_string_value(std::string(value));
}

}  // namespace

void set_any_value(const spans::AttributeValue& v, pb::common::v1::AnyValue* out) {
  if (const auto* s = std::get_if<std::string>(&v)) out->set_string_value(*s);
  else if (const auto* i = std::get_if<int64_t>(&v)) out->set_int_value(*i);
  else if (const auto* d = std::get_if<double>(&v)) out->set_double_value(*d);
  else out->set_bool_value(std::get<bool>(v));
}

void fill_resource(const model::Resource* r, const AgentResource& agent, pb::resource::v1::Resource* out) {
  std::unordered_set<std::string_view> seen;
  auto add = [&](std::string_view key, std::string_view value) {
    if (value.empty() || !seen.insert(key).second) return;
    add_string(out->add_attributes(), key, value);
  };
  auto add_int = [&](std::string_view key, int64_t value) {
    if (!seen.insert(key).second) return;
    auto* kv = out->add_attributes();
    kv->set_key(std::string(key));
    kv->mutable_value()->set_int_value(value);
  };
  if (!r) {
    add("service.name", "unknown_service");
  } else {
    add("service.name", r->service_name.empty() ? std::string_view("unknown_service") : r->service_name);
    add("service.namespace", r->service_namespace);
    add("service.instance.id", r->service_instance_id);
    if (r->pid) add_int("process.pid", r->pid);
    add("process.executable.name", r->executable_name);
    add("process.executable.path", r->executable_path);
    add("host.name", r->host_name);
    for (const auto& [k, v] : r->extra) add(k, v);
  }
  for (const auto& [k, v] : agent.attributes) add(k, v);
}

AgentResource default_agent_resource(std::vector<std::pair<std::string, std::string>> from_env) {
  AgentResource a;
  a.attributes = {{"telemetry.distro.name", "kotel"}, {"telemetry.distro.version", core::kVersion}};
  for (auto& kv : from_env) a.attributes.push_back(std::move(kv));
  return a;
}

}  // namespace kotel::otlp
