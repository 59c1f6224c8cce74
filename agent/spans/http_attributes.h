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
  bool parent_by_trace = false;  // client spans: parent found by its own header's trace (InflightTraces)
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

// Takes an HTTP span's attributes one at a time, in order, without a list
// being built: an OTLP encoder writes each straight into its buffer. Views
// are valid during the call only.
class AttributeSink {
 public:
  virtual void text(std::string_view key, std::string_view value) = 0;
  virtual void number(std::string_view key, int64_t value) = 0;
  virtual void flag(std::string_view key, bool value) = 0;

 protected:
  ~AttributeSink() = default;
};

// Room for the attribute text that is built rather than found in the request
// (peer address, url.full, header and baggage keys): kept by the caller from
// span to span, so rendering allocates nothing once it has grown.
struct AttributeScratch {
  std::string text, key;
};

// Hands `sink` the attributes for `facts` (with `http`, the span's typed summary).
void visit_http_attributes(const HttpFacts& facts, const HttpSummary& http, AttributeScratch& scratch,
                           AttributeSink& sink);
// The same attributes as a list.
std::vector<Attribute> http_attributes(const HttpFacts& facts, const HttpSummary& http);
// Fills span.attributes from span.http_facts and drops the facts; no-op when
// already rendered or not an HTTP span.
void render_attributes(Span& span);
// The span's attributes whether rendered or not (a copy when not).
std::vector<Attribute> attributes_of(const Span& span);

}  // namespace kotel::spans
