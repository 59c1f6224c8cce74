#include "exporters/otlp/resource_encode.h"

#include <algorithm>

#include "core/version.h"
#include "exporters/otlp/attribute_encode.h"

namespace kotel::otlp {
namespace {

// Resource { attributes }, in the order and with the rules of fill_resource():
// each key once (the process's values win), empty text values left out.
void write_resource(ProtoWriter& w, uint32_t field, const model::Resource* r, const AgentResource& agent,
                    std::vector<std::string_view>& seen) {
  seen.clear();
  auto first = [&](std::string_view key) {
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) return false;
    seen.push_back(key);
    return true;
  };
  constexpr uint32_t kAttr = field::resource::kAttributes;
  auto add = [&](std::string_view key, std::string_view value) {
    if (!value.empty() && first(key)) key_value(w, kAttr, key, value);
  };
  ProtoWriter::Nested m = w.begin(field, 2);
  if (!r) {
    add("service.name", "unknown_service");
  } else {
    add("service.name", r->service_name.empty() ? std::string_view("unknown_service") : r->service_name);
    add("service.namespace", r->service_namespace);
    add("service.instance.id", r->service_instance_id);
    if (r->pid && first("process.pid")) key_value(w, kAttr, "process.pid", static_cast<int64_t>(r->pid));
    add("process.executable.name", r->executable_name);
    add("process.executable.path", r->executable_path);
    add("host.name", r->host_name);
    for (const auto& [k, v] : r->extra) add(k, v);
  }
  for (const auto& [k, v] : agent.attributes) add(k, v);
  w.end(m);
}

}  // namespace

GroupMarks open_group(ProtoWriter& w, uint32_t request_field, const model::Resource* r, const AgentResource& agent,
                      std::vector<std::string_view>& seen) {
  GroupMarks g;
  g.resource_group = w.begin(request_field, 3);
  write_resource(w, field::resource_group::kResource, r, agent, seen);
  g.scope_group = w.begin(field::resource_group::kScopeGroups, 3);
  ProtoWriter::Nested scope = w.begin(field::scope_group::kScope);
  w.bytes_field(field::scope::kName, "kotel");
  w.bytes_field(field::scope::kVersion, core::kVersion);
  w.end(scope);
  return g;
}

void close_group(ProtoWriter& w, GroupMarks marks) {
  w.bytes_field(field::scope_group::kSchemaUrl, kSchemaUrl);
  w.end(marks.scope_group);
  w.bytes_field(field::resource_group::kSchemaUrl, kSchemaUrl);
  w.end(marks.resource_group);
}

}  // namespace kotel::otlp
