// kotel spans -> OTLP protobuf: ids, times, kinds, flags, every attribute type,
// status, and one resource per process carrying the agent's attributes.

#include "exporters/otlp/trace_convert.h"

#include <gtest/gtest.h>

namespace kotel::otlp {
namespace {
namespace pb = opentelemetry::proto;

spans::Span make_span(std::shared_ptr<const model::Resource> r, uint8_t id, spans::ParentSource src) {
  spans::Span s;
  s.trace_id.fill(0xab);
  s.span_id.fill(id);
  if (src != spans::ParentSource::kNone) s.parent_span_id.fill(0x11);
  s.parent_source = src;
  s.trace_state = "k=v";
  s.kind = spans::SpanKind::kServer;
  s.name = "GET /users/{id}";
  s.start_unix_ns = 1'700'000'000'000'000'000;
  s.end_unix_ns = 1'700'000'000'001'000'000;
  s.attributes.push_back({"http.request.method", std::string("GET")});
  s.attributes.push_back({"http.response.status_code", int64_t{503}});
  s.attributes.push_back({"kotel.ratio", 0.5});
  s.attributes.push_back({"kotel.http.truncated", true});
  s.attributes.push_back({spans::AttrKey::owned("baggage.user"), std::string("ann")});
  s.status = spans::StatusCode::kError;
  s.resource = std::move(r);
  return s;
}

std::shared_ptr<const model::Resource> resource(uint32_t pid, std::string name) {
  auto r = std::make_shared<model::Resource>();
  r->service_name = std::move(name);
  r->pid = pid;
  r->service_instance_id = "9d0c1d2e-0000-5000-8000-000000000001";
  r->executable_name = "python3";
  r->host_name = "box";
  r->extra = {{"deployment.environment.name", "test"}};
  return r;
}

const pb::common::v1::AnyValue* attr(const google::protobuf::RepeatedPtrField<pb::common::v1::KeyValue>& kvs,
                                     const std::string& key) {
  for (const auto& kv : kvs)
    if (kv.key() == key) return &kv.value();
  return nullptr;
}

TEST(TraceConvert, SpansGroupedByResourceWithEveryFieldMapped) {
  auto a = resource(10, "svc-a");
  auto b = resource(20, "svc-b");
  std::vector<spans::Span> spans = {make_span(a, 1, spans::ParentSource::kHeader),
                                    make_span(b, 2, spans::ParentSource::kThread),
                                    make_span(a, 3, spans::ParentSource::kNone)};
  pb::collector::trace::v1::ExportTraceServiceRequest req;
  to_export_request(spans, default_agent_resource({{"k8s.cluster.name", "c1"}, {"service.name", "not-this"}}), &req);

  ASSERT_EQ(req.resource_spans_size(), 2);
  const auto& ra = req.resource_spans(0);
  EXPECT_EQ(ra.schema_url(), kSchemaUrl);
  const auto& res = ra.resource().attributes();
  ASSERT_TRUE(attr(res, "service.name"));
  EXPECT_EQ(attr(res, "service.name")->string_value(), "svc-a");  // the process's own name wins
  EXPECT_EQ(attr(res, "process.pid")->int_value(), 10);
  EXPECT_EQ(attr(res, "service.instance.id")->string_value(), "9d0c1d2e-0000-5000-8000-000000000001");
  EXPECT_EQ(attr(res, "host.name")->string_value(), "box");
  EXPECT_EQ(attr(res, "deployment.environment.name")->string_value(), "test");
  EXPECT_EQ(attr(res, "telemetry.distro.name")->string_value(), "kotel");
  EXPECT_EQ(attr(res, "k8s.cluster.name")->string_value(), "c1");
  int names = 0;
  for (const auto& kv : res) names += kv.key() == "service.name";
  EXPECT_EQ(names, 1);

  ASSERT_EQ(ra.scope_spans_size(), 1);
  EXPECT_EQ(ra.scope_spans(0).scope().name(), "kotel");
  ASSERT_EQ(ra.scope_spans(0).spans_size(), 2);
  const auto& s = ra.scope_spans(0).spans(0);
  EXPECT_EQ(s.trace_id(), std::string(16, '\xab'));
  EXPECT_EQ(s.span_id(), std::string(8, '\x01'));
  EXPECT_EQ(s.parent_span_id(), std::string(8, '\x11'));
  EXPECT_EQ(s.trace_state(), "k=v");
  EXPECT_EQ(s.flags(), 0x301u);  // sampled, parent remoteness known, remote (header)
  EXPECT_EQ(s.kind(), pb::trace::v1::Span::SPAN_KIND_SERVER);
  EXPECT_EQ(s.name(), "GET /users/{id}");
  EXPECT_EQ(s.start_time_unix_nano(), 1'700'000'000'000'000'000u);
  EXPECT_EQ(s.end_time_unix_nano(), 1'700'000'000'001'000'000u);
  EXPECT_EQ(attr(s.attributes(), "http.request.method")->string_value(), "GET");
  EXPECT_EQ(attr(s.attributes(), "http.response.status_code")->int_value(), 503);
  EXPECT_DOUBLE_EQ(attr(s.attributes(), "kotel.ratio")->double_value(), 0.5);
  EXPECT_TRUE(attr(s.attributes(), "kotel.http.truncated")->bool_value());
  EXPECT_EQ(attr(s.attributes(), "baggage.user")->string_value(), "ann");
  EXPECT_EQ(s.status().code(), pb::trace::v1::Status::STATUS_CODE_ERROR);

  const auto& root = ra.scope_spans(0).spans(1);
  EXPECT_TRUE(root.parent_span_id().empty());
  EXPECT_EQ(root.flags(), 0x1u);  // no parent: remoteness not stated
  const auto& thread_child = req.resource_spans(1).scope_spans(0).spans(0);
  EXPECT_EQ(thread_child.flags(), 0x101u);  // parent in this process
}

TEST(TraceConvert, SpanWithoutResourceIsUnknownService) {
  spans::Span s = make_span(nullptr, 1, spans::ParentSource::kNone);
  s.status = spans::StatusCode::kUnset;
  pb::collector::trace::v1::ExportTraceServiceRequest req;
  to_export_request(std::span<const spans::Span>(&s, 1), default_agent_resource({}), &req);
  ASSERT_EQ(req.resource_spans_size(), 1);
  EXPECT_EQ(attr(req.resource_spans(0).resource().attributes(), "service.name")->string_value(), "unknown_service");
  EXPECT_FALSE(req.resource_spans(0).scope_spans(0).spans(0).has_status());
}

}  // namespace
}  // namespace kotel::otlp
