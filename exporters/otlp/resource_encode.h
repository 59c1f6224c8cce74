#pragma once
// What the three OTLP requests share on the wire: Resource<X> { resource,
// Scope<X> { scope "kotel", <items>, schema_url }, schema_url } per observed
// process, with the process's identity plus the agent's attributes.

#include <string_view>
#include <vector>

#include "exporters/otlp/agent_resource.h"
#include "exporters/otlp/proto_writer.h"
#include "model/resource.h"

namespace kotel::otlp {

// The open Resource<X> and Scope<X> messages of one group.
struct GroupMarks {
  ProtoWriter::Nested resource_group, scope_group;
};

// Writes the head of a Resource<X> (field `request_field` of the request):
// its resource (`r` may be null: service.name is then "unknown_service"),
// then opens its one Scope<X>, whose items follow as scope_group::kItems.
// `seen` is scratch for the keys already written (kept by the caller).
GroupMarks open_group(ProtoWriter& w, uint32_t request_field, const model::Resource* r, const AgentResource& agent,
                      std::vector<std::string_view>& seen);
// Writes both schema URLs and closes what open_group opened.
void close_group(ProtoWriter& w, GroupMarks marks);

}  // namespace kotel::otlp
