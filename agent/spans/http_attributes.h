#pragma once
// The attributes of an HTTP span, per the OpenTelemetry HTTP semantic
// conventions, rendered from what the span builder kept (the exchange, the
// connection's tuple, the parent evidence, the baggage). Rendering is most of
// a span's cost, so the pipeline keeps the facts and whoever needs attributes
// (an exporter thread, the console) renders them.

#include <memory>
#include <vector>

#include "discovery/executable_runtime.h"
#include "ingest/events.h"
#include "protocols/context/span_context.h"
#include "protocols/http1/exchange.h"
#include "spans/parent_links.h"
#include "spans/span.h"
#include "spans/span_settings.h"

namespace kotel::spans {

struct HttpFacts {
  std::unique_ptr<const protocols::http1::Exchange> exchange;
  bool server = true;
  ingest::Tuple tuple;
  bool tuple_known = false;
  ingest::ConnKey conn;  // the connection it came from (`kotel explain` looks up its losses)
  ParentSource parent_source = ParentSource::kNone;
  protocols::context::ContextFormat format = protocols::context::ContextFormat::kNone;
  size_t parent_candidates = 0;  // > 1: the thread served several requests, so no thread parent was taken
  ThreadRuleOff thread_rule_off = ThreadRuleOff::kNo;  // client spans: why the thread was not asked
  discovery::Runtime runtime = discovery::Runtime::kNative;
  std::shared_ptr<const Baggage> baggage;
  std::shared_ptr<const SpanSettings> settings;
};

// The methods the HTTP semantic conventions know; others are "_OTHER".
bool known_http_method(std::string_view m);
// A Host header: "host:8080" -> {"host", 8080}; "[::1]:80" -> {"::1", 80}; no port -> 0.
std::pair<std::string_view, uint16_t> split_host_header(std::string_view host);

// What a span holds in memory, its HTTP facts (the request head's copy)
// included: for the export queue's byte budget.
size_t approximate_bytes(const Span& span);

// The attributes for `facts` (with `http`, the span's typed summary).
std::vector<Attribute> http_attributes(const HttpFacts& facts, const HttpSummary& http);
// Fills span.attributes from span.http_facts and drops the facts; no-op when
// already rendered or not an HTTP span.
void render_attributes(Span& span);
// The span's attributes whether rendered or not (a copy when not).
std::vector<Attribute> attributes_of(const Span& span);

}  // namespace kotel::spans
