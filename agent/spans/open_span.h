#pragma once
// A span between its request's start and its end: what is fixed when the
// request starts (ids, parent and how it was found, trace state, baggage) and
// what the exchange's end needs to finish it. Shared by the builder and the
// parent links (a server span waiting for its client on the same tuple).

#include <cstdint>
#include <memory>
#include <string>

#include "discovery/executable_runtime.h"
#include "ingest/events.h"
#include "model/resource.h"
#include "protocols/common/span_state.h"
#include "protocols/context/context.h"
#include "spans/parent_links.h"
#include "spans/span.h"

namespace kotel::spans {

struct OpenSpan final : protocols::SpanState {
  SpanKind kind = SpanKind::kServer;
  TraceId trace_id{};
  SpanId span_id{};
  SpanId parent_id{};
  ParentSource parent_source = ParentSource::kNone;
  protocols::context::ContextFormat format = protocols::context::ContextFormat::kNone;
  bool sampled = true;
  std::string trace_state;
  std::shared_ptr<const Baggage> baggage;
  uint32_t pid = 0;
  std::shared_ptr<const model::Resource> resource;
  std::string graph_client;                 // server spans linked by tuple: the client's service
  std::shared_ptr<ClientEdge> edge;         // client spans
  size_t candidates = 0;                    // client spans without a thread parent: requests the thread was serving
  ThreadRuleOff thread_rule_off = ThreadRuleOff::kNo;  // client spans: why the thread was not asked
  bool parent_by_trace = false;             // client spans: parent from InflightTraces
  discovery::Runtime runtime = discovery::Runtime::kNative;
  uint64_t token = 0;
  uint32_t tid = 0;                         // server spans: the thread serving it
  ingest::Tuple tuple;
  bool tuple_known = false;
  ingest::ConnKey conn;
  bool tls = false;
};

}  // namespace kotel::spans
