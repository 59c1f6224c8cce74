#pragma once
// The last spans the agent made, with the evidence `kotel explain` shows:
// how the parent was found, what its connection lost, its request's bytes.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connections/tracker.h"
#include "spans/http_attributes.h"
#include "spans/span.h"

namespace kotel::admin::v1 {
class SpanRecord;
}

namespace kotel::admin {

// What `kotel explain` shows of a span's HTTP exchange, copied into a fixed
// size (no allocation). Holding the span's own facts instead kept 10,000
// parsed requests alive and cost the pipeline about a fifth of its throughput
// (bench/replay_http.cpp, "span history").
struct ExplainFacts {
  static constexpr size_t kHeadBytes = 256;  // the request bytes explain shows
  protocols::context::ContextFormat format = protocols::context::ContextFormat::kNone;
  uint32_t parent_candidates = 0;
  spans::ThreadRuleOff thread_rule_off = spans::ThreadRuleOff::kNo;
  bool parent_by_trace = false;
  discovery::Runtime runtime = discovery::Runtime::kNative;
  bool tuple_known = false;
  bool exchange = false;  // the fields below are known
  bool request_truncated = false, response_truncated = false, body_lost = false, no_response = false;
  ingest::Tuple tuple;
  uint32_t tid = 0;
  uint64_t head_size = 0, request_body_bytes = 0, response_body_bytes = 0;
  uint16_t head_len = 0;
  std::array<char, kHeadBytes> head{};
  std::string_view head_view() const { return {head.data(), head_len}; }
};

struct SpanEntry {
  spans::TraceId trace_id{};
  spans::SpanId span_id{};
  spans::SpanId parent_id{};
  spans::SpanKind kind = spans::SpanKind::kServer;
  spans::StatusCode status = spans::StatusCode::kUnset;
  spans::ParentSource parent_source = spans::ParentSource::kNone;
  spans::Withheld withheld = spans::Withheld::kNo;
  uint64_t start_unix_ns = 0;
  uint64_t end_unix_ns = 0;
  uint16_t http_status = 0;
  std::string name;
  std::shared_ptr<const model::Resource> resource;
  bool http = false;  // an HTTP span: `facts` is filled
  ExplainFacts facts;
  // The connection's losses when the span ended (it may be gone by then).
  bool connection_found = false;
  connections::DirectionStats in, out;

  std::string_view service() const { return resource ? std::string_view(resource->service_name) : "unknown"; }
  uint64_t duration_ns() const { return end_unix_ns > start_unix_ns ? end_unix_ns - start_unix_ns : 0; }
  uint64_t request_bytes() const;
  uint64_t response_bytes() const;
};

// On the reader thread: the span and what the tracker knows of its connection.
SpanEntry entry_of(const spans::Span& span, const connections::ConnectionTracker& tracker);
// Any thread.
void fill_record(const SpanEntry& e, v1::SpanRecord* out);

// Bytes as text: printable ASCII kept, \r \n \t and others escaped (\xNN),
// at most `max_bytes` of the input.
std::string escape_bytes(std::string_view bytes, size_t max_bytes);

// A fixed-size ring of the newest spans. Reader thread only.
class SpanHistory {
 public:
  static constexpr size_t kDefaultCapacity = 10000;
  explicit SpanHistory(size_t capacity = kDefaultCapacity) : capacity_(capacity) { ring_.reserve(capacity); }

  void add(SpanEntry e);
  // `id`: 16 bytes (a trace: all its spans) or 8 (a span, and its parent when
  // kept), oldest first.
  std::vector<const SpanEntry*> find(const std::vector<uint8_t>& id) const;
  size_t size() const { return ring_.size(); }
  size_t capacity() const { return capacity_; }

 private:
  template <typename Match>
  void collect(Match match, std::vector<const SpanEntry*>* out) const;

  size_t capacity_;
  std::vector<SpanEntry> ring_;
  size_t next_ = 0;  // the slot to overwrite once full
};

}  // namespace kotel::admin
