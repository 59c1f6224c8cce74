// Spans -> ExportTraceServiceRequest bytes (trace/v1/trace.proto), with the
// rules of trace_convert.cpp: one ResourceSpans per observed process.

#include "exporters/otlp/attribute_encode.h"
#include "exporters/otlp/otlp_encoder.h"
#include "exporters/otlp/resource_encode.h"

namespace kotel::otlp {
namespace {

// Span.flags: W3C trace flags in bits 0-7, then whether the parent's
// remoteness is known (bit 8) and whether it is remote (bit 9).
constexpr uint32_t kHasIsRemote = 0x100;
constexpr uint32_t kIsRemote = 0x200;

uint32_t span_flags(const spans::Span& s) {
  uint32_t flags = s.sampled ? 1u : 0u;
  if (s.has_parent()) {
    flags |= kHasIsRemote;
    // Header and tuple parents live in another process; a thread parent in this one.
    if (s.parent_source != spans::ParentSource::kThread) flags |= kIsRemote;
  }
  return flags;
}

}  // namespace

std::string_view OtlpEncoder::traces(std::span<const spans::Span> batch) {
  out_.clear();
  groups_.build(batch);
  for (size_t g = 0; g < groups_.size(); ++g) {
    auto group = groups_[g];
    GroupMarks marks = open_group(out_, field::kRequestResourceSpans, group.resource, agent_, seen_keys_);
    for (const auto& [resource, i] : group.items) span(batch[i]);
    close_group(out_, marks);
  }
  return out_.view();
}

void OtlpEncoder::span(const spans::Span& s) {
  namespace f = field::span;
  ProtoWriter& w = out_;
  ProtoWriter::Nested m = w.begin(field::scope_group::kItems, 2);
  w.bytes_field(f::kTraceId, s.trace_id);
  w.bytes_field(f::kSpanId, s.span_id);
  w.bytes_field(f::kTraceState, s.trace_state);
  if (s.has_parent()) w.bytes_field(f::kParentSpanId, s.parent_span_id);
  w.bytes_field(f::kName, s.name);
  w.varint_field(f::kKind, static_cast<uint64_t>(s.kind));
  w.fixed64_field(f::kStartTimeUnixNano, s.start_unix_ns);
  w.fixed64_field(f::kEndTimeUnixNano, s.end_unix_ns);
  // HTTP spans arrive with facts, not attributes: rendered here, on the exporter's thread.
  if (s.http_facts) {
    KeyValueSink sink(w, f::kAttributes);
    spans::visit_http_attributes(*s.http_facts, s.http, scratch_, sink);
  } else {
    for (const auto& a : s.attributes) key_value(w, f::kAttributes, a);
  }
  if (s.status != spans::StatusCode::kUnset) {
    ProtoWriter::Nested st = w.begin(f::kStatus);
    w.bytes_field(field::status::kMessage, s.status_message);
    w.varint_field(field::status::kCode, static_cast<uint64_t>(s.status));
    w.end(st);
  }
  w.fixed32_field(f::kFlags, span_flags(s));
  w.end(m);
}

}  // namespace kotel::otlp
