// The hand-written OTLP encoder against the generated classes: for spans, log
// records and metric snapshots, edge cases included, the bytes OtlpEncoder
// writes are the bytes the old path (to_export_request + SerializeAsString)
// produced, and they parse back into the same message. Also: the field
// numbers match the vendored .proto files, and a warm encoder allocates
// nothing per span.

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>

#include "exporters/otlp/logs_convert.h"
#include "exporters/otlp/metrics_convert.h"
#include "exporters/otlp/otlp_encoder.h"
#include "exporters/otlp/otlp_fields.h"
#include "exporters/otlp/trace_convert.h"
#include "spans/http_attributes.h"

// Counts allocations on the thread that asks (the no-allocation test); every
// other test and thread goes through unchanged.
namespace {
thread_local bool g_counting = false;
thread_local size_t g_allocations = 0;
}  // namespace
void* operator new(size_t n) {
  if (g_counting) ++g_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

namespace kotel::otlp {
namespace {
namespace pb = opentelemetry::proto;
using google::protobuf::util::MessageDifferencer;

// Same bytes, and the same message once parsed (the second says where, if not).
template <typename Message>
void expect_same(std::string_view encoded, const Message& old_path) {
  Message parsed;
  ASSERT_TRUE(parsed.ParseFromArray(encoded.data(), static_cast<int>(encoded.size())));
  std::string diff;
  MessageDifferencer d;
  d.ReportDifferencesToString(&diff);
  EXPECT_TRUE(d.Compare(old_path, parsed)) << diff;
  EXPECT_EQ(std::string(encoded), old_path.SerializeAsString()) << "bytes differ";
}

std::shared_ptr<const model::Resource> resource(uint32_t pid, std::string name) {
  auto r = std::make_shared<model::Resource>();
  r->service_name = std::move(name);
  r->pid = pid;
  r->service_instance_id = "box/" + r->service_name;
  r->executable_name = "python3";
  r->executable_path = "/usr/bin/python3";
  r->host_name = "box";
  r->extra = {{"deployment.environment.name", "test"}, {"service.name", "ignored: set above"}, {"empty", ""}};
  return r;
}

AgentResource agent() {
  return default_agent_resource({{"k8s.cluster.name", "c1"}, {"service.name", "not-this"}, {"k8s.node.name", ""}});
}

spans::Span plain_span(std::shared_ptr<const model::Resource> r, uint8_t id) {
  spans::Span s;
  s.trace_id.fill(0xab);
  s.span_id.fill(id);
  s.kind = spans::SpanKind::kServer;
  s.name = "GET /users/{id}";
  s.start_unix_ns = 1'700'000'000'000'000'000;
  s.end_unix_ns = 1'700'000'000'001'000'000;
  s.resource = std::move(r);
  return s;
}

// Every attribute type with its extremes, unicode, a large value, an empty key and value.
std::vector<model::Attribute> edge_attributes() {
  return {{"http.request.method", std::string("GET")},
          {"empty.value", std::string()},
          {model::AttrKey::owned(""), std::string("empty key")},
          {"unicode", std::string("größe ✓ 日本語 🚀")},
          {model::AttrKey::owned("ключ.🔑"), std::string("значение")},
          {"large", std::string(100'000, 'x')},
          {"int.zero", int64_t{0}},
          {"int.negative", int64_t{-1}},
          {"int.min", std::numeric_limits<int64_t>::min()},
          {"int.max", std::numeric_limits<int64_t>::max()},
          {"double.zero", 0.0},
          {"double.negative_zero", -0.0},
          {"double.half", 0.5},
          {"double.inf", std::numeric_limits<double>::infinity()},
          {"bool.false", false},
          {"bool.true", true}};
}

// The facts of an HTTP exchange as the pipeline keeps them; views into literals.
std::shared_ptr<spans::HttpFacts> http_facts(bool server, bool v6, std::string_view method,
                                             std::shared_ptr<spans::SpanSettings> settings) {
  auto ex = std::make_unique<protocols::http1::Exchange>();
  ex->method = method;
  ex->target = "/api/v1/orders/42?user=bob&token=s3cr3t";
  ex->host = server ? "shop.internal:8080" : "";
  ex->user_agent = "curl/8.0 ✓";
  ex->context_headers = {{"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
                         {"X-Tenant-ID", "acme"}};
  ex->request_tid = 4242;
  ex->request_body_bytes = 12;
  ex->response_body_bytes = 1 << 20;
  ex->status = 503;
  ex->response_truncated = true;
  ex->body_lost = true;
  auto f = std::make_shared<spans::HttpFacts>();
  f->server = server;
  f->tuple.local.port = 8080;
  f->tuple.remote.port = 51234;
  if (v6) f->tuple.remote.addr = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34};
  else f->tuple.remote.addr = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3};
  f->tuple_known = true;
  f->parent_source = spans::ParentSource::kHeader;
  f->format = protocols::context::ContextFormat::kTraceparent;
  f->parent_candidates = 3;
  f->baggage = std::make_shared<spans::Baggage>(spans::Baggage{{"user", "ann"}, {"région", "é"}});
  f->settings = std::move(settings);
  f->exchange = std::move(ex);
  return f;
}

spans::Span http_span(std::shared_ptr<const model::Resource> r, uint8_t id, std::shared_ptr<const spans::HttpFacts> f,
                      bool tls) {
  spans::Span s = plain_span(std::move(r), id);
  s.kind = f->server ? spans::SpanKind::kServer : spans::SpanKind::kClient;
  s.parent_span_id.fill(0x11);
  s.parent_source = spans::ParentSource::kHeader;
  s.http.method = "GET";
  s.http.status = 503;
  s.http.error_type = "503";
  s.http.tls = tls;
  s.status = spans::StatusCode::kError;
  s.http_facts = std::move(f);
  return s;
}

std::string encode_old(std::span<const spans::Span> batch, const AgentResource& a) {
  pb::collector::trace::v1::ExportTraceServiceRequest req;
  to_export_request(batch, a, &req);
  return req.SerializeAsString();
}

void expect_same_traces(std::span<const spans::Span> batch) {
  AgentResource a = agent();
  OtlpEncoder encoder(a);
  pb::collector::trace::v1::ExportTraceServiceRequest req;
  to_export_request(batch, a, &req);
  expect_same(encoder.traces(batch), req);
  expect_same(encoder.traces(batch), req);  // the reused buffer gives the same bytes again
}

TEST(OtlpEncoder, FieldNumbersAreTheVendoredProtoFiles) {
  auto number = [](const google::protobuf::Descriptor* d, const char* name) {
    const auto* f = d->FindFieldByName(name);
    return f ? static_cast<uint32_t>(f->number()) : 0u;
  };
  using namespace field;
  EXPECT_EQ(kRequestResourceSpans,
            number(pb::collector::trace::v1::ExportTraceServiceRequest::descriptor(), "resource_spans"));
  EXPECT_EQ(kRequestResourceLogs, number(pb::collector::logs::v1::ExportLogsServiceRequest::descriptor(), "resource_logs"));
  EXPECT_EQ(kRequestResourceMetrics,
            number(pb::collector::metrics::v1::ExportMetricsServiceRequest::descriptor(), "resource_metrics"));
  const auto* any = pb::common::v1::AnyValue::descriptor();
  EXPECT_EQ(any_value::kStringValue, number(any, "string_value"));
  EXPECT_EQ(any_value::kBoolValue, number(any, "bool_value"));
  EXPECT_EQ(any_value::kIntValue, number(any, "int_value"));
  EXPECT_EQ(any_value::kDoubleValue, number(any, "double_value"));
  EXPECT_EQ(key_value::kKey, number(pb::common::v1::KeyValue::descriptor(), "key"));
  EXPECT_EQ(key_value::kValue, number(pb::common::v1::KeyValue::descriptor(), "value"));
  EXPECT_EQ(scope::kName, number(pb::common::v1::InstrumentationScope::descriptor(), "name"));
  EXPECT_EQ(scope::kVersion, number(pb::common::v1::InstrumentationScope::descriptor(), "version"));
  EXPECT_EQ(resource::kAttributes, number(pb::resource::v1::Resource::descriptor(), "attributes"));
  struct Group {
    const google::protobuf::Descriptor *resource_group, *scope_group;
    const char *scope_groups, *items;
  };
  for (const Group& g : {Group{pb::trace::v1::ResourceSpans::descriptor(), pb::trace::v1::ScopeSpans::descriptor(),
                               "scope_spans", "spans"},
                         Group{pb::logs::v1::ResourceLogs::descriptor(), pb::logs::v1::ScopeLogs::descriptor(),
                               "scope_logs", "log_records"},
                         Group{pb::metrics::v1::ResourceMetrics::descriptor(),
                               pb::metrics::v1::ScopeMetrics::descriptor(), "scope_metrics", "metrics"}}) {
    EXPECT_EQ(resource_group::kResource, number(g.resource_group, "resource"));
    EXPECT_EQ(resource_group::kScopeGroups, number(g.resource_group, g.scope_groups));
    EXPECT_EQ(resource_group::kSchemaUrl, number(g.resource_group, "schema_url"));
    EXPECT_EQ(scope_group::kScope, number(g.scope_group, "scope"));
    EXPECT_EQ(scope_group::kItems, number(g.scope_group, g.items));
    EXPECT_EQ(scope_group::kSchemaUrl, number(g.scope_group, "schema_url"));
  }
  const auto* sp = pb::trace::v1::Span::descriptor();
  EXPECT_EQ(span::kTraceId, number(sp, "trace_id"));
  EXPECT_EQ(span::kSpanId, number(sp, "span_id"));
  EXPECT_EQ(span::kTraceState, number(sp, "trace_state"));
  EXPECT_EQ(span::kParentSpanId, number(sp, "parent_span_id"));
  EXPECT_EQ(span::kName, number(sp, "name"));
  EXPECT_EQ(span::kKind, number(sp, "kind"));
  EXPECT_EQ(span::kStartTimeUnixNano, number(sp, "start_time_unix_nano"));
  EXPECT_EQ(span::kEndTimeUnixNano, number(sp, "end_time_unix_nano"));
  EXPECT_EQ(span::kAttributes, number(sp, "attributes"));
  EXPECT_EQ(span::kStatus, number(sp, "status"));
  EXPECT_EQ(span::kFlags, number(sp, "flags"));
  EXPECT_EQ(status::kMessage, number(pb::trace::v1::Status::descriptor(), "message"));
  EXPECT_EQ(status::kCode, number(pb::trace::v1::Status::descriptor(), "code"));
  const auto* lr = pb::logs::v1::LogRecord::descriptor();
  EXPECT_EQ(log_record::kTimeUnixNano, number(lr, "time_unix_nano"));
  EXPECT_EQ(log_record::kSeverityNumber, number(lr, "severity_number"));
  EXPECT_EQ(log_record::kSeverityText, number(lr, "severity_text"));
  EXPECT_EQ(log_record::kBody, number(lr, "body"));
  EXPECT_EQ(log_record::kAttributes, number(lr, "attributes"));
  EXPECT_EQ(log_record::kFlags, number(lr, "flags"));
  EXPECT_EQ(log_record::kTraceId, number(lr, "trace_id"));
  EXPECT_EQ(log_record::kSpanId, number(lr, "span_id"));
  EXPECT_EQ(log_record::kObservedTimeUnixNano, number(lr, "observed_time_unix_nano"));
  EXPECT_EQ(log_record::kEventName, number(lr, "event_name"));
  const auto* m = pb::metrics::v1::Metric::descriptor();
  EXPECT_EQ(metric::kName, number(m, "name"));
  EXPECT_EQ(metric::kDescription, number(m, "description"));
  EXPECT_EQ(metric::kUnit, number(m, "unit"));
  EXPECT_EQ(metric::kSum, number(m, "sum"));
  EXPECT_EQ(metric::kHistogram, number(m, "histogram"));
  const auto* s = pb::metrics::v1::Sum::descriptor();
  EXPECT_EQ(sum::kDataPoints, number(s, "data_points"));
  EXPECT_EQ(sum::kAggregationTemporality, number(s, "aggregation_temporality"));
  EXPECT_EQ(sum::kIsMonotonic, number(s, "is_monotonic"));
  const auto* h = pb::metrics::v1::Histogram::descriptor();
  EXPECT_EQ(histogram::kDataPoints, number(h, "data_points"));
  EXPECT_EQ(histogram::kAggregationTemporality, number(h, "aggregation_temporality"));
  const auto* np = pb::metrics::v1::NumberDataPoint::descriptor();
  EXPECT_EQ(number_point::kStartTimeUnixNano, number(np, "start_time_unix_nano"));
  EXPECT_EQ(number_point::kTimeUnixNano, number(np, "time_unix_nano"));
  EXPECT_EQ(number_point::kAsInt, number(np, "as_int"));
  EXPECT_EQ(number_point::kAttributes, number(np, "attributes"));
  const auto* hp = pb::metrics::v1::HistogramDataPoint::descriptor();
  EXPECT_EQ(histogram_point::kStartTimeUnixNano, number(hp, "start_time_unix_nano"));
  EXPECT_EQ(histogram_point::kTimeUnixNano, number(hp, "time_unix_nano"));
  EXPECT_EQ(histogram_point::kCount, number(hp, "count"));
  EXPECT_EQ(histogram_point::kSum, number(hp, "sum"));
  EXPECT_EQ(histogram_point::kBucketCounts, number(hp, "bucket_counts"));
  EXPECT_EQ(histogram_point::kExplicitBounds, number(hp, "explicit_bounds"));
  EXPECT_EQ(histogram_point::kExemplars, number(hp, "exemplars"));
  EXPECT_EQ(histogram_point::kAttributes, number(hp, "attributes"));
  EXPECT_EQ(histogram_point::kMin, number(hp, "min"));
  EXPECT_EQ(histogram_point::kMax, number(hp, "max"));
  const auto* e = pb::metrics::v1::Exemplar::descriptor();
  EXPECT_EQ(exemplar::kTimeUnixNano, number(e, "time_unix_nano"));
  EXPECT_EQ(exemplar::kAsDouble, number(e, "as_double"));
  EXPECT_EQ(exemplar::kSpanId, number(e, "span_id"));
  EXPECT_EQ(exemplar::kTraceId, number(e, "trace_id"));
  EXPECT_EQ(kCumulative, static_cast<uint64_t>(pb::metrics::v1::AGGREGATION_TEMPORALITY_CUMULATIVE));
}

// Sub-message lengths of 1, 2 and 3 bytes, whatever room begin() guessed.
TEST(OtlpEncoder, NestedLengthsOfEverySizeWhateverTheGuess) {
  for (size_t width : {1, 2, 3, 5}) {
    for (size_t body : {0, 1, 127, 128, 300, 16383, 16384, 70000}) {
      ProtoWriter w;  // KeyValue { key, value: AnyValue { string_value }, key_strindex }
      w.bytes_always(1, "k");
      ProtoWriter::Nested n = w.begin(2, width);
      w.bytes_always(1, std::string(body, 'y'));
      w.end(n);
      w.varint_always(3, 9);
      pb::common::v1::KeyValue parsed;
      ASSERT_TRUE(parsed.ParseFromArray(w.view().data(), static_cast<int>(w.size()))) << width << " " << body;
      EXPECT_EQ(parsed.value().string_value().size(), body);
      std::string canonical;
      {
        ProtoWriter c;
        c.bytes_always(1, "k");
        c.tag(2, ProtoWriter::kLen);
        size_t inner = 1 + varint_size(body) + body;
        c.varint(inner);
        c.bytes_always(1, std::string(body, 'y'));
        c.varint_always(3, 9);
        canonical = std::string(c.view());
      }
      EXPECT_EQ(std::string(w.view()), canonical) << width << " " << body;
    }
  }
}

TEST(OtlpEncoder, EmptyBatchIsAnEmptyRequest) {
  expect_same_traces({});
  OtlpEncoder encoder(agent());
  EXPECT_TRUE(encoder.traces({}).empty());
  EXPECT_TRUE(encoder.logs({}).empty());
}

TEST(OtlpEncoder, SpansWithEveryFieldAndEdgeCaseAsTheGeneratedClasses) {
  auto a = resource(10, "svc-a");
  auto b = resource(20, "svc-ü");
  std::vector<spans::Span> batch;
  batch.push_back(plain_span(a, 1));  // no attributes, no parent, status unset
  auto s = plain_span(b, 2);
  s.attributes = edge_attributes();
  s.trace_state = "k=v,vendor=ünï";
  s.parent_span_id.fill(0x22);
  s.parent_source = spans::ParentSource::kThread;
  s.status = spans::StatusCode::kError;
  s.status_message = "upstream said 503 ✗";
  batch.push_back(std::move(s));
  s = plain_span(a, 3);  // interleaved: a's group collects 1, 3, 5
  s.status = spans::StatusCode::kOk;
  s.sampled = false;
  s.parent_span_id.fill(0x33);
  s.parent_source = spans::ParentSource::kTuple;
  s.kind = spans::SpanKind::kClient;
  batch.push_back(std::move(s));
  s = plain_span(nullptr, 4);  // no resource: unknown_service
  s.name.clear();
  s.start_unix_ns = 0;
  s.end_unix_ns = 0;
  s.kind = spans::SpanKind::kInternal;
  s.status = spans::StatusCode::kError;  // and no message
  batch.push_back(std::move(s));
  s = plain_span(a, 5);
  s.name = std::string(70'000, 'n');  // a span over 64 KiB: three-byte lengths
  batch.push_back(std::move(s));
  auto empty = std::make_shared<model::Resource>();  // every field empty
  batch.push_back(plain_span(empty, 6));
  expect_same_traces(batch);
}

TEST(OtlpEncoder, HttpSpansRenderedFromFactsAsTheGeneratedClasses) {
  auto settings = std::make_shared<spans::SpanSettings>();
  auto query = std::make_shared<spans::SpanSettings>();
  query->capture_query = true;
  auto r = resource(7, "shop");
  std::vector<spans::Span> batch;
  batch.push_back(http_span(r, 1, http_facts(true, false, "GET", settings), false));
  batch.push_back(http_span(r, 2, http_facts(false, false, "GET", settings), false));
  batch.push_back(http_span(r, 3, http_facts(false, true, "PURGE", query), true));   // v6 peer, TLS, _OTHER
  batch.push_back(http_span(r, 4, http_facts(true, true, "POST", query), true));
  auto plain = http_facts(false, false, "GET", settings);
  const_cast<protocols::http1::Exchange&>(*plain->exchange).host = "api:80";
  batch.push_back(http_span(r, 5, plain, false));  // default port: not in url.full
  expect_same_traces(batch);
  // Span has no events or links in kotel's model: none are written.
  pb::collector::trace::v1::ExportTraceServiceRequest parsed;
  OtlpEncoder encoder(agent());
  std::string_view bytes = encoder.traces(batch);
  ASSERT_TRUE(parsed.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())));
  const auto& first = parsed.resource_spans(0).scope_spans(0).spans(0);
  EXPECT_EQ(first.events_size() + first.links_size(), 0);
  EXPECT_GT(first.attributes_size(), 15);
}

// Once its buffers have grown, a batch of HTTP spans costs no allocation at all.
TEST(OtlpEncoder, WarmEncoderAllocatesNothingPerSpan) {
  auto settings = std::make_shared<spans::SpanSettings>();
  auto r = resource(7, "shop");
  auto other = resource(8, "cart");
  std::vector<spans::Span> batch;
  for (uint8_t i = 0; i < 200; ++i)
    batch.push_back(http_span(i % 3 ? r : other, i, http_facts(i % 2, i % 4 == 1, "GET", settings), i % 5 == 0));
  OtlpEncoder encoder(agent());
  size_t first = encoder.traces(batch).size();
  g_allocations = 0;
  g_counting = true;
  size_t again = encoder.traces(batch).size();
  g_counting = false;
  EXPECT_EQ(g_allocations, 0u);
  g_counting = true;  // the counter does count
  auto* probe = new std::string(100, 'x');
  g_counting = false;
  delete probe;
  EXPECT_EQ(g_allocations, 2u);
  EXPECT_EQ(first, again);
}

logs::LogRecord log_record(std::shared_ptr<const model::Resource> r, std::string body) {
  logs::LogRecord l;
  l.time_unix_ns = 1'700'000'000'000'000'001;
  l.observed_unix_ns = 1'700'000'000'000'000'002;
  l.severity = {13, "WARNING"};
  l.body = std::move(body);
  l.pid = 42;
  l.tid = 43;
  l.resource = std::move(r);
  return l;
}

TEST(OtlpEncoder, LogRecordsWithEveryFieldAndEdgeCaseAsTheGeneratedClasses) {
  auto a = resource(10, "svc-a");
  auto b = resource(20, "svc-b");
  std::vector<logs::LogRecord> batch;
  batch.push_back(log_record(a, "plain line"));
  auto l = log_record(b, "");  // empty body: still there, empty
  l.time_unix_ns = 0;          // no timestamp in the line
  l.severity = {};
  l.tid = 0;
  batch.push_back(std::move(l));
  l = log_record(a, "ünïcödé ✓ 🚀 " + std::string(100'000, 'z'));
  l.attributes = edge_attributes();
  l.trace_id.fill(0x5a);
  l.span_id.fill(0x6b);
  l.event_name = "kotel.process.exit";
  batch.push_back(std::move(l));
  l = log_record(nullptr, "no resource");
  l.trace_id.fill(0x01);
  l.sampled = false;  // flags 0: left out
  l.severity = {-1, "odd"};
  batch.push_back(std::move(l));
  AgentResource ag = agent();
  OtlpEncoder encoder(ag);
  pb::collector::logs::v1::ExportLogsServiceRequest req;
  to_export_request(batch, ag, &req);
  expect_same(encoder.logs(batch), req);
  expect_same(encoder.logs(batch), req);
}

spans::Span metric_span(std::shared_ptr<const model::Resource> r, spans::SpanKind kind, uint16_t status, double s) {
  spans::Span x;
  x.kind = kind;
  x.trace_id.fill(0x7);
  x.span_id.fill(0x8);
  x.start_unix_ns = 1000;
  x.end_unix_ns = 1000 + static_cast<uint64_t>(s * 1e9);
  x.http.method = status ? "POST" : "_OTHER";
  x.http.status = status;
  x.http.server_address = "db.internal";
  x.http.server_port = 9090;
  if (!status) x.http.error_type = "no_response";
  x.resource = std::move(r);
  return x;
}

TEST(OtlpEncoder, MetricsWithEveryKindAndEdgeCaseAsTheGeneratedClasses) {
  auto a = resource(10, "svc-a");
  auto b = resource(20, "svc-b");
  metrics::HttpMetrics m(100, 3);  // three series, then overflow
  m.record(metric_span(a, spans::SpanKind::kServer, 200, 0.03));
  m.record(metric_span(b, spans::SpanKind::kClient, 502, 12.0));  // past the last bound
  m.record(metric_span(a, spans::SpanKind::kClient, 0, 0.0));     // no response, zero duration
  m.record(metric_span(b, spans::SpanKind::kServer, 404, 0.001));
  m.record(metric_span(a, spans::SpanKind::kServer, 500, 0.2));   // overflow series
  metrics::MetricsSnapshot snap = m.snapshot(5000);
  metrics::TcpSeries t{a, "10.0.0.5", {}};
  t.counters.connect_attempts = 3;
  t.counters.connect_refused = 1;
  t.counters.bytes_sent = 700;
  t.counters.bytes_received = 9000;
  t.counters.active = 0;
  t.counters.rtt.record(0.0004);
  snap.tcp.push_back(t);
  metrics::TcpSeries u{nullptr, "2001:db8::1", {}};
  u.counters.retransmits = 5;
  u.counters.resets_sent = 1;
  u.counters.resets_received = 2;
  u.counters.connections_closed = 4;
  u.counters.bytes_sent = std::numeric_limits<uint64_t>::max();  // as_int carries the bits
  snap.tcp.push_back(u);
  metrics::TcpSeries v{b, "10.0.0.6", {}};  // nothing happened: no points
  snap.tcp.push_back(v);
  AgentResource ag = agent();
  OtlpEncoder encoder(ag);
  pb::collector::metrics::v1::ExportMetricsServiceRequest req;
  to_export_request(snap, ag, &req);
  ASSERT_GE(req.resource_metrics_size(), 3);
  expect_same(encoder.metrics(snap), req);
  expect_same(encoder.metrics(snap), req);
  metrics::MetricsSnapshot empty;
  pb::collector::metrics::v1::ExportMetricsServiceRequest none;
  to_export_request(empty, ag, &none);
  expect_same(encoder.metrics(empty), none);
}

}  // namespace
}  // namespace kotel::otlp
