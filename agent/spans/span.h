#pragma once
// A finished span as kotel exports it: OpenTelemetry's data model, plain
// values, no exporter types. Times are UNIX-epoch nanoseconds.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/attribute.h"
#include "model/ids.h"
#include "model/resource.h"

namespace kotel::spans {

using model::SpanId;
using model::TraceId;

// Numbered as OTLP's Span.SpanKind.
enum class SpanKind : uint8_t { kInternal = 1, kServer = 2, kClient = 3 };
// Numbered as OTLP's Status.StatusCode.
enum class StatusCode : uint8_t { kUnset = 0, kOk = 1, kError = 2 };

// How the parent of a span was found, best evidence first.
enum class ParentSource : uint8_t {
  kNone = 0,    // a root span: no evidence of a caller
  kHeader = 1,  // trace context headers on the request
  kThread = 2,  // a client call made by a thread while it served a request
  kTuple = 3,   // a client span on the other end of the same TCP connection, on this host
};
const char* parent_source_name(ParentSource s);

using model::AttrKey;
using model::Attribute;
using model::AttributeValue;

using model::Resource;  // who produced the span (model/resource.h)


// The low-cardinality facts of an HTTP span, typed, for RED metrics: cheaper
// to aggregate than searching the attribute list.
struct HttpSummary {
  std::string method;          // "GET", ... or "_OTHER"
  uint16_t status = 0;         // 0: no response
  std::string error_type;      // "" or "503", "no_response"
  std::string server_address;  // client spans
  uint16_t server_port = 0;    // client spans
  uint8_t version_minor = 1;   // HTTP/1.<minor>
  // Service-graph edge (Tempo's traces_service_graph_*): who called whom.
  // The server side counts a request whose client it knows on this host; a
  // client whose server is elsewhere counts it itself.
  enum class GraphRole : uint8_t { kNone, kServerCounts, kClientCounts, kClientDurationOnly };
  GraphRole graph_role = GraphRole::kNone;
  std::string graph_client, graph_server;
  bool tls = false;  // the exchange was read from TLS plaintext: url.scheme https
};

// A database or cache call's low-cardinality facts, typed, for
// db.client.operation.duration (CLIENT spans of Redis, ...).
struct DbSummary {
  std::string system;      // db.system.name: "redis"
  std::string operation;   // db.operation.name: "GET"
  std::string error_type;  // "" or the server's error code ("ERR", "WRONGTYPE")
};

struct HttpFacts;  // spans/http_attributes.h

// Why a span is built (it feeds metrics, `kotel tail` and `explain`) but not
// exported.
enum class Withheld : uint8_t {
  kNo = 0,
  kSampledOut = 1,  // head sampling (OTEL_TRACES_SAMPLER)
  kSdkProcess = 2,  // its process exports its own spans (--sdk-processes skip-spans)
};
const char* withheld_name(Withheld w);  // "" | "sampled_out" | "sdk_process"

struct Span {
  TraceId trace_id{};
  SpanId span_id{};
  SpanId parent_span_id{};  // all zero: root
  std::string trace_state;
  bool sampled = true;
  SpanKind kind = SpanKind::kInternal;
  std::string name;
  uint64_t start_unix_ns = 0;
  uint64_t end_unix_ns = 0;
  std::vector<Attribute> attributes;
  StatusCode status = StatusCode::kUnset;
  std::string status_message;
  ParentSource parent_source = ParentSource::kNone;
  Withheld withheld = Withheld::kNo;
  std::shared_ptr<const Resource> resource;
  HttpSummary http;
  std::optional<DbSummary> db;  // a database/cache call
  // An HTTP span's attributes are rendered from these facts by
  // render_attributes() (http_attributes.h) where it is cheap to do so: on an
  // exporter's thread, not in the pipeline. Null once rendered.
  std::shared_ptr<const HttpFacts> http_facts;

  bool has_parent() const { return parent_span_id != SpanId{}; }
  // Among the rendered attributes.
  const AttributeValue* attribute(std::string_view key) const;
};

}  // namespace kotel::spans
