#include "admin/span_history.h"

#include <algorithm>
#include <cstdio>

#include "exporters/console/event_format.h"
#include "kotel/admin/v1/admin.pb.h"
#include "core/hex.h"

namespace kotel::admin {
namespace {

const char* kind_name(spans::SpanKind k) {
  return k == spans::SpanKind::kServer ? "server" : k == spans::SpanKind::kClient ? "client" : "internal";
}

const char* status_name(spans::StatusCode s) {
  return s == spans::StatusCode::kError ? "error" : s == spans::StatusCode::kOk ? "ok" : "unset";
}

}  // namespace

uint64_t SpanEntry::request_bytes() const { return facts.exchange ? facts.head_size + facts.request_body_bytes : 0; }

uint64_t SpanEntry::response_bytes() const { return facts.exchange ? facts.response_body_bytes : 0; }

SpanEntry entry_of(const spans::Span& span, const connections::ConnectionTracker& tracker) {
  SpanEntry e;
  e.trace_id = span.trace_id;
  e.span_id = span.span_id;
  e.parent_id = span.parent_span_id;
  e.kind = span.kind;
  e.status = span.status;
  e.parent_source = span.parent_source;
  e.withheld = span.withheld;
  e.start_unix_ns = span.start_unix_ns;
  e.end_unix_ns = span.end_unix_ns;
  e.http_status = span.http.status;
  e.name = span.name;
  e.resource = span.resource;
  const spans::HttpFacts* f = span.http_facts.get();
  if (!f) return e;
  e.http = true;
  ExplainFacts& x = e.facts;
  x.format = f->format;
  x.parent_candidates = static_cast<uint32_t>(f->parent_candidates);
  x.thread_rule_off = f->thread_rule_off;
  x.parent_by_trace = f->parent_by_trace;
  x.runtime = f->runtime;
  x.tuple_known = f->tuple_known;
  x.tuple = f->tuple;
  if (const auto* ex = f->exchange.get()) {
    x.exchange = true;
    x.request_truncated = ex->request_truncated;
    x.response_truncated = ex->response_truncated;
    x.body_lost = ex->body_lost;
    x.no_response = ex->no_response;
    x.tid = ex->request_tid;
    x.head_size = ex->head.size();
    x.request_body_bytes = ex->request_body_bytes;
    x.response_body_bytes = ex->response_body_bytes;
    x.head_len = static_cast<uint16_t>(std::min(ex->head.size(), x.head.size()));
    std::copy_n(ex->head.data(), x.head_len, x.head.data());
  }
  if (const auto* conn = tracker.find(f->conn)) {
    e.connection_found = true;
    e.in = conn->stats(ingest::Direction::kIngress);
    e.out = conn->stats(ingest::Direction::kEgress);
  }
  return e;
}

std::string escape_bytes(std::string_view bytes, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(bytes.size(), max_bytes) + 16);
  for (unsigned char c : bytes.substr(0, max_bytes)) {
    if (c == '\r') out += "\\r";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\\') out += "\\\\";
    else if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
    else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  return out;
}

void fill_record(const SpanEntry& e, v1::SpanRecord* r) {
  using core::to_hex;
  r->set_trace_id(to_hex(e.trace_id));
  r->set_span_id(to_hex(e.span_id));
  if (e.parent_id != spans::SpanId{}) r->set_parent_span_id(to_hex(e.parent_id));
  r->set_kind(kind_name(e.kind));
  r->set_name(e.name);
  r->set_service(std::string(e.service()));
  if (e.resource) r->set_pid(e.resource->pid);
  r->set_start_unix_ns(e.start_unix_ns);
  r->set_duration_ns(e.duration_ns());
  r->set_status(status_name(e.status));
  r->set_http_status(e.http_status);
  r->set_parent_source(spans::parent_source_name(e.parent_source));
  r->set_withheld(spans::withheld_name(e.withheld));
  r->set_connection_found(e.connection_found);
  r->set_gaps_in(e.in.gaps);
  r->set_gaps_out(e.out.gaps);
  r->set_gap_bytes_in(e.in.gap_bytes);
  r->set_gap_bytes_out(e.out.gap_bytes);
  r->set_request_bytes(e.request_bytes());
  r->set_response_bytes(e.response_bytes());
  if (!e.http) return;
  const ExplainFacts& f = e.facts;
  r->set_context_format(protocols::context::context_format_name(f.format));
  r->set_parent_candidates(f.parent_candidates);
  r->set_thread_rule_off(spans::thread_rule_off_name(f.thread_rule_off, discovery::runtime_name(f.runtime)));
  r->set_parent_by_trace(f.parent_by_trace);
  r->set_tuple_known(f.tuple_known);
  if (f.tuple_known) {
    r->set_local(console::format_endpoint(f.tuple.local));
    r->set_remote(console::format_endpoint(f.tuple.remote));
  }
  if (f.exchange) {
    r->set_tid(f.tid);
    r->set_request_truncated(f.request_truncated);
    r->set_response_truncated(f.response_truncated);
    r->set_body_lost(f.body_lost);
    r->set_no_response(f.no_response);
    r->set_request_head(escape_bytes(f.head_view(), ExplainFacts::kHeadBytes));
    r->set_request_head_bytes(f.head_size);
  }
}

void SpanHistory::add(SpanEntry e) {
  if (capacity_ == 0) return;
  if (ring_.size() < capacity_) {
    ring_.push_back(std::move(e));
    return;
  }
  ring_[next_] = std::move(e);
  next_ = (next_ + 1) % capacity_;
}

template <typename Match>
void SpanHistory::collect(Match match, std::vector<const SpanEntry*>* out) const {
  // Oldest first: from the slot about to be overwritten, around the ring.
  for (size_t i = 0; i < ring_.size(); ++i) {
    const SpanEntry& e = ring_[(next_ + i) % ring_.size()];
    if (match(e)) out->push_back(&e);
  }
}

std::vector<const SpanEntry*> SpanHistory::find(const std::vector<uint8_t>& id) const {
  std::vector<const SpanEntry*> out;
  if (id.size() == 16) {
    spans::TraceId t;
    std::copy(id.begin(), id.end(), t.begin());
    collect([&](const SpanEntry& e) { return e.trace_id == t; }, &out);
  } else if (id.size() == 8) {
    spans::SpanId s;
    std::copy(id.begin(), id.end(), s.begin());
    collect([&](const SpanEntry& e) { return e.span_id == s; }, &out);
    if (!out.empty() && out.front()->parent_id != spans::SpanId{}) {
      spans::SpanId parent = out.front()->parent_id;
      collect([&](const SpanEntry& e) { return e.span_id == parent; }, &out);
    }
  }
  return out;
}

}  // namespace kotel::admin
