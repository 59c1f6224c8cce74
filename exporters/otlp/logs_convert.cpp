#include "exporters/otlp/logs_convert.h"

#include <unordered_map>

#include "core/version.h"

namespace kotel::otlp {
namespace pb = opentelemetry::proto;

void to_export_request(std::span<const logs::LogRecord> records, const AgentResource& agent,
                       pb::collector::logs::v1::ExportLogsServiceRequest* out) {
  std::unordered_map<const model::Resource*, pb::logs::v1::ScopeLogs*> by_resource;
  for (const logs::LogRecord& r : records) {
    auto [it, fresh] = by_resource.try_emplace(r.resource.get(), nullptr);
    if (fresh) {
      auto* rl = out->add_resource_logs();
      rl->set_schema_url(kSchemaUrl);
      fill_resource(r.resource.get(), agent, rl->mutable_resource());
      auto* sl = rl->add_scope_logs();
      sl->mutable_scope()->set_name("kotel");
      sl->mutable_scope()->set_version(core::kVersion);
      sl->set_schema_url(kSchemaUrl);
      it->second = sl;
    }
    pb::logs::v1::LogRecord* p = it->second->add_log_records();
    if (r.time_unix_ns) p->set_time_unix_nano(r.time_unix_ns);
    p->set_observed_time_unix_nano(r.observed_unix_ns);
    p->set_severity_number(static_cast<pb::logs::v1::SeverityNumber>(r.severity.number));
    if (!r.severity.text.empty()) p->set_severity_text(r.severity.text);
    p->mutable_body()->set_string_value(r.body);
    if (!r.event_name.empty()) p->set_event_name(r.event_name);
    if (r.has_trace()) {
      p->set_trace_id(r.trace_id.data(), r.trace_id.size());
      p->set_span_id(r.span_id.data(), r.span_id.size());
      p->set_flags(r.sampled ? 1u : 0u);  // W3C trace flags in the low byte
    }
    p->mutable_attributes()->Reserve(static_cast<int>(r.attributes.size()) + 1);
    for (const auto& a : r.attributes) {
      auto* kv = p->add_attributes();
      kv->set_key(std::string(a.key.view()));
      set_any_value(a.value, kv->mutable_value());
    }
    if (r.tid) {
      auto* kv = p->add_attributes();
      kv->set_key("thread.id");
      kv->mutable_value()->set_int_value(r.tid);
    }
  }
}

}  // namespace kotel::otlp
