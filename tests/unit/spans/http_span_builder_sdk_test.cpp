// The builder's use of the context an application sends itself: a client
// call whose traceparent continues the trace of exactly one request its
// process serves is that request's child (whatever thread made it), and a
// process that makes span ids of its own, or posts OTLP, is an SDK process
// whose spans are withheld (or kept, as configured).

#include <gtest/gtest.h>

#include "spans/http_span_builder.h"
#include "tests/support/span_builder_harness.h"

namespace kotel::spans {
namespace {
using namespace testing_harness;

constexpr std::string_view kOk = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
constexpr std::string_view kTrace1 = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr std::string_view kTrace2 = "0af7651916cd43dd8448eb211c80319c";
constexpr std::string_view kCaller1 = "00f067aa0ba902b7";
constexpr std::string_view kCaller2 = "b7ad6b7169203331";

std::string request(std::string_view path, std::string_view trace, std::string_view parent) {
  return "GET " + std::string(path) + " HTTP/1.1\r\ntraceparent: 00-" + std::string(trace) + "-" +
         std::string(parent) + "-01\r\n\r\n";
}

const Span* named(const std::vector<Span>& spans, SpanKind kind, std::string_view path) {
  for (const auto& s : spans)
    if (s.kind == kind && s.name.ends_with(path)) return &s;
  return nullptr;
}

// An event loop (Node: the thread rule is off) serving two requests at once
// forwards each one's traceparent unchanged on its calls: each call is the
// child of the request whose trace it carries, not of the upstream caller
// (the header's parent id), and forwarding makes no SDK process.
TEST(HttpSpanBuilderSdk, ForwardedContextMakesTheCallAChildOfTheRequestInThatTrace) {
  Harness h;
  Side in1(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(9, 50000)));
  Side in2(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(9, 50001)));
  Side out1(h, conn(10, ingest::Role::kClient, v4(1, 41000), v4(3, 9090)));
  Side out2(h, conn(10, ingest::Role::kClient, v4(1, 41001), v4(3, 9090)));
  for (Side* s : {&in1, &in2, &out1, &out2}) s->runtime = discovery::Runtime::kNode;
  in1.seg(false, request("/one", kTrace1, kCaller1), 100, 11);
  in2.seg(false, request("/two", kTrace2, kCaller2), 110, 11);
  out2.seg(true, request("/call-two", kTrace2, kCaller2), 120, 11);  // the later request's call first
  out1.seg(true, request("/call-one", kTrace1, kCaller1), 130, 11);
  out1.seg(false, kOk, 200, 11);
  out2.seg(false, kOk, 210, 11);
  in1.seg(true, kOk, 300, 11);
  in2.seg(true, kOk, 310, 11);
  ASSERT_EQ(h.spans.size(), 4u);
  const Span* s1 = named(h.spans, SpanKind::kServer, "/one");
  const Span* s2 = named(h.spans, SpanKind::kServer, "/two");
  const Span* c1 = named(h.spans, SpanKind::kClient, "/call-one");
  const Span* c2 = named(h.spans, SpanKind::kClient, "/call-two");
  ASSERT_TRUE(s1 && s2 && c1 && c2);
  EXPECT_EQ(hex(c1->parent_span_id), hex(s1->span_id));
  EXPECT_EQ(hex(c2->parent_span_id), hex(s2->span_id));
  EXPECT_EQ(hex(c1->trace_id), kTrace1);
  EXPECT_EQ(c1->parent_source, ParentSource::kHeader);
  EXPECT_EQ(h.builder.stats().parent_by_trace, 2u);
  EXPECT_EQ(h.builder.sdk_processes().find(10), nullptr);
  for (const auto& s : h.spans) EXPECT_EQ(s.withheld, Withheld::kNo) << s.name;
}

// Two requests of one trace in flight in the process: the trace names no
// single request, so the header's parent stands.
TEST(HttpSpanBuilderSdk, TwoServedRequestsOfTheCallsTraceLeaveTheHeadersParent) {
  Harness h;
  Side in1(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(9, 50000)));
  Side in2(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(9, 50001)));
  Side out(h, conn(10, ingest::Role::kClient, v4(1, 41000), v4(3, 9090)));
  out.runtime = in1.runtime = in2.runtime = discovery::Runtime::kNode;
  in1.seg(false, request("/one", kTrace1, kCaller1), 100, 11);
  in2.seg(false, request("/two", kTrace1, kCaller2), 110, 11);
  out.seg(true, request("/call", kTrace1, kCaller1), 120, 11);
  out.seg(false, kOk, 200, 11);
  const Span* c = named(h.spans, SpanKind::kClient, "/call");
  ASSERT_TRUE(c);
  EXPECT_EQ(hex(c->parent_span_id), kCaller1);
  EXPECT_EQ(h.builder.stats().parent_by_trace, 0u);
}

// A traceparent continuing a served request's trace with a span id the
// process made itself: an SDK. Its spans from then on are withheld (the
// default) and still reach the sink (metrics count them); with keep, the call
// is the child of kotel's server span, not of the SDK's span.
TEST(HttpSpanBuilderSdk, OwnSpanIdsInAServedTraceMarkAnSdkProcess) {
  for (bool withhold : {true, false}) {
    SpanSettings settings;
    settings.withhold_sdk_spans = withhold;
    Harness h(settings);
    Side in(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(9, 50000)));
    Side out(h, conn(10, ingest::Role::kClient, v4(1, 41000), v4(3, 9090)));
    in.seg(false, request("/one", kTrace1, kCaller1), 100, 11);
    out.seg(true, request("/call", kTrace1, "1111111111111111"), 120, 12);  // the SDK's client span
    out.seg(false, kOk, 200, 12);
    in.seg(true, kOk, 300, 11);
    const SdkProcess* sdk = h.builder.sdk_processes().find(10);
    ASSERT_NE(sdk, nullptr);
    EXPECT_EQ(sdk->evidence, SdkEvidence::kOwnSpanIds);
    EXPECT_EQ(sdk->service, "svc10");
    EXPECT_EQ(sdk->spans, 2u);
    ASSERT_EQ(h.spans.size(), 2u);
    const Span* s = named(h.spans, SpanKind::kServer, "/one");
    const Span* c = named(h.spans, SpanKind::kClient, "/call");
    for (const Span* x : {s, c}) EXPECT_EQ(x->withheld, withhold ? Withheld::kSdkProcess : Withheld::kNo);
    EXPECT_EQ(hex(c->parent_span_id), hex(s->span_id));
    EXPECT_EQ(h.builder.stats().sdk_withheld, withhold ? 2u : 0u);
    EXPECT_EQ(h.builder.stats().sdk_processes_marked, 1u);
    // Its pid exits: a new process with that pid starts unmarked.
    h.builder.forget_process(10);
    EXPECT_EQ(h.builder.sdk_processes().find(10), nullptr);
  }
}

// OTLP/HTTP from the process itself marks it; a fixed traceparent sent with
// no request of its trace in flight (a load generator) does not.
TEST(HttpSpanBuilderSdk, PostingOtlpTracesMarksTheProcessAFixedTraceparentDoesNot) {
  Harness h;
  Side gen(h, conn(20, ingest::Role::kClient, v4(2, 41000), v4(3, 9090)));
  gen.seg(true, request("/load", kTrace1, kCaller1), 100, 21);
  gen.seg(false, kOk, 200, 21);
  EXPECT_EQ(h.builder.sdk_processes().find(20), nullptr);
  Side app(h, conn(30, ingest::Role::kClient, v4(4, 41000), v4(5, 4318)));
  app.seg(true, "POST /v1/traces HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 300, 31);
  app.seg(false, kOk, 400, 31);
  const SdkProcess* sdk = h.builder.sdk_processes().find(30);
  ASSERT_NE(sdk, nullptr);
  EXPECT_EQ(sdk->evidence, SdkEvidence::kOtlpExport);
  EXPECT_EQ(sdk->detail, "POST /v1/traces");
  ASSERT_EQ(h.spans.size(), 2u);
  EXPECT_EQ(h.spans.back().withheld, Withheld::kSdkProcess);  // the export call itself is its span
  EXPECT_EQ(h.spans.front().withheld, Withheld::kNo);
}

}  // namespace
}  // namespace kotel::spans
