#include "exporters/otlp/trace_convert.h"

#include <unordered_map>
#include <unordered_set>

#include "core/version.h"
#include "spans/http_attributes.h"

namespace kotel::otlp {
namespace pb = opentelemetry::proto;

namespace {

// Span.flags: W3C trace flags in bits 0-7, then whether the parent's
// remoteness is known (bit 8) and whether it is remote (bit 9).
constexpr uint32_t kHasIsRemote = 0x100;
constexpr uint32_t kIsRemote = 0x200;

}  // namespace

void to_export_request(std::span<const spans::Span> spans, const AgentResource& agent,
                       pb::collector::trace::v1::ExportTraceServiceRequest* out) {
  std::unordered_map<const model::Resource*, pb::trace::v1::ScopeSpans*> by_resource;
  for (const spans::Span& s : spans) {
    const model::Resource* r = s.resource.get();
    auto [it, fresh] = by_resource.try_emplace(r, nullptr);
    if (fresh) {
      auto* rs = out->add_resource_spans();
      rs->set_schema_url(kSchemaUrl);
      fill_resource(r, agent, rs->mutable_resource());
      auto* ss = rs->add_scope_spans();
      ss->mutable_scope()->set_name("kotel");
      ss->mutable_scope()->set_version(core::kVersion);
      ss->set_schema_url(kSchemaUrl);
      it->second = ss;
    }
    pb::trace::v1::Span* p = it->second->add_spans();
    p->set_trace_id(s.trace_id.data(), s.trace_id.size());
    p->set_span_id(s.span_id.data(), s.span_id.size());
    if (s.has_parent()) p->set_parent_span_id(s.parent_span_id.data(), s.parent_span_id.size());
    if (!s.trace_state.empty()) p->set_trace_state(s.trace_state);
    uint32_t flags = s.sampled ? 1u : 0u;
    if (s.has_parent()) {
      flags |= kHasIsRemote;
      // Header and tuple parents live in another process; a thread parent in this one.
      if (s.parent_source != spans::ParentSource::kThread) flags |= kIsRemote;
    }
    p->set_flags(flags);
    p->set_name(s.name);
    p->set_kind(static_cast<pb::trace::v1::Span::SpanKind>(s.kind));
    p->set_start_time_unix_nano(s.start_unix_ns);
    p->set_end_time_unix_nano(s.end_unix_ns);
    // HTTP spans arrive with facts, not attributes: rendered here, on the exporter's thread.
    std::vector<spans::Attribute> rendered;
    if (s.http_facts) rendered = spans::http_attributes(*s.http_facts, s.http);
    const auto& attributes = s.http_facts ? rendered : s.attributes;
    p->mutable_attributes()->Reserve(static_cast<int>(attributes.size()));
    for (const auto& a : attributes) {
      auto* kv = p->add_attributes();
      kv->set_key(std::string(a.key.view()));
      set_any_value(a.value, kv->mutable_value());
    }
    if (s.status != spans::StatusCode::kUnset) {
      p->mutable_status()->set_code(static_cast<pb::trace::v1::Status::StatusCode>(s.status));
      if (!s.status_message.empty()) p->mutable_status()->set_message(s.status_message);
    }
  }
}

}  // namespace kotel::otlp
