// Log records -> ExportLogsServiceRequest bytes (logs/v1/logs.proto), with
// the rules of logs_convert.cpp: one ResourceLogs per observed process.

#include "exporters/otlp/attribute_encode.h"
#include "exporters/otlp/otlp_encoder.h"
#include "exporters/otlp/resource_encode.h"

namespace kotel::otlp {

std::string_view OtlpEncoder::logs(std::span<const logs::LogRecord> batch) {
  out_.clear();
  groups_.build(batch);
  for (size_t g = 0; g < groups_.size(); ++g) {
    auto group = groups_[g];
    GroupMarks marks = open_group(out_, field::kRequestResourceLogs, group.resource, agent_, seen_keys_);
    for (const auto& [resource, i] : group.items) log_record(batch[i]);
    close_group(out_, marks);
  }
  return out_.view();
}

void OtlpEncoder::log_record(const logs::LogRecord& r) {
  namespace f = field::log_record;
  ProtoWriter& w = out_;
  ProtoWriter::Nested m = w.begin(field::scope_group::kItems, 2);
  w.fixed64_field(f::kTimeUnixNano, r.time_unix_ns);
  w.varint_field(f::kSeverityNumber, static_cast<uint64_t>(static_cast<int64_t>(r.severity.number)));
  w.bytes_field(f::kSeverityText, r.severity.text);
  // The body is always there, even empty: a sub-message holding a oneof member.
  w.tag(f::kBody, ProtoWriter::kLen);
  w.varint(detail::len_field_size(r.body.size()));
  w.bytes_always(field::any_value::kStringValue, r.body);
  for (const auto& a : r.attributes) key_value(w, f::kAttributes, a);
  if (r.tid) key_value(w, f::kAttributes, "thread.id", static_cast<int64_t>(r.tid));
  if (r.has_trace()) w.fixed32_field(f::kFlags, r.sampled ? 1u : 0u);  // W3C trace flags in the low byte
  if (r.has_trace()) {
    w.bytes_field(f::kTraceId, r.trace_id);
    w.bytes_field(f::kSpanId, r.span_id);
  }
  w.fixed64_field(f::kObservedTimeUnixNano, r.observed_unix_ns);
  w.bytes_field(f::kEventName, r.event_name);
  w.end(m);
}

}  // namespace kotel::otlp
