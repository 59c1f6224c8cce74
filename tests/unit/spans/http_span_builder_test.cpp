// Exchanges -> spans: ids and parents (headers, thread, tuple), attributes per
// the HTTP semantic conventions, status, times, baggage, and what is never
// exported.

#include "spans/http_span_builder.h"

#include "spans/http_attributes.h"
#include "tests/support/span_builder_harness.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kotel::spans {
namespace {
namespace http1 = protocols::http1;
using namespace testing_harness;

TEST(HttpSpanBuilder, ServerSpanJoinsTheTraceInItsTraceparent) {
  Harness h;
  Side server(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(2, 40000)));
  server.seg(false,
             "GET /users/42?token=abc HTTP/1.1\r\nHost: shop.local:8080\r\nUser-Agent: t/1\r\n"
             "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\ntracestate: congo=t61rcWkgMzE\r\n"
             "Authorization: Bearer hunter2\r\n\r\n",
             5'000, 11);
  server.seg(true, "HTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\nbusy", 9'000, 11);
  ASSERT_EQ(h.spans.size(), 1u);
  const Span& s = h.spans[0];
  EXPECT_EQ(s.kind, SpanKind::kServer);
  EXPECT_EQ(hex(s.trace_id), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(hex(s.parent_span_id), "00f067aa0ba902b7");
  EXPECT_EQ(s.parent_source, ParentSource::kHeader);
  EXPECT_EQ(s.trace_state, "congo=t61rcWkgMzE");
  EXPECT_EQ(s.name, "GET /users/{id}");
  EXPECT_EQ(s.start_unix_ns, 1'000'000'005'000u);
  EXPECT_EQ(s.end_unix_ns, 1'000'000'009'000u);
  EXPECT_EQ(s.status, StatusCode::kError);
  EXPECT_EQ(str_attr(s, "http.request.method"), "GET");
  EXPECT_EQ(int_attr(s, "http.response.status_code"), 503);
  EXPECT_EQ(str_attr(s, "url.path"), "/users/42");
  EXPECT_EQ(str_attr(s, "url.query"), "<none>");  // off unless asked for
  EXPECT_EQ(str_attr(s, "server.address"), "shop.local");
  EXPECT_EQ(int_attr(s, "server.port"), 8080);
  EXPECT_EQ(str_attr(s, "client.address"), "10.0.0.2");
  EXPECT_EQ(str_attr(s, "network.peer.address"), "10.0.0.2");
  EXPECT_EQ(int_attr(s, "network.peer.port"), 40000);
  EXPECT_EQ(str_attr(s, "network.protocol.version"), "1.1");
  EXPECT_EQ(str_attr(s, "user_agent.original"), "t/1");
  EXPECT_EQ(str_attr(s, "error.type"), "503");
  EXPECT_EQ(str_attr(s, "kotel.parent.source"), "header");
  EXPECT_EQ(str_attr(s, "kotel.context.format"), "traceparent");
  for (const auto& a : s.attributes) {
    if (const auto* v = std::get_if<std::string>(&a.value)) {
      EXPECT_EQ(v->find("hunter2"), std::string::npos) << a.key.view();
    }
  }
}

TEST(HttpSpanBuilder, ClientCallWhileServingIsAChildOfThatServerSpan_AndTheFarServerOfTheClient) {
  Harness h;
  // Service A (pid 10) serves a request on thread 11 and, meanwhile, calls
  // service B (pid 20) from the same thread; B is on this host too.
  Side a_in(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(9, 50000)));
  Side a_out(h, conn(10, ingest::Role::kClient, v4(1, 41000), v4(3, 9090)));
  Side b_in(h, conn(20, ingest::Role::kServer, v4(3, 9090), v4(1, 41000)));
  a_in.seg(false, "GET /checkout HTTP/1.1\r\nbaggage: user=ann,tier=gold\r\n\r\n", 100, 11);
  a_out.seg(true, "POST /pay HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}", 200, 11);
  b_in.seg(false, "POST /pay HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}", 210, 21);
  b_in.seg(true, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 290, 21);
  a_out.seg(false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 300, 11);
  a_in.seg(true, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 400, 11);
  ASSERT_EQ(h.spans.size(), 3u);
  const Span* a_server = find(h.spans, SpanKind::kServer, 10);
  const Span* a_client = find(h.spans, SpanKind::kClient, 10);
  const Span* b_server = find(h.spans, SpanKind::kServer, 20);
  ASSERT_TRUE(a_server && a_client && b_server);
  EXPECT_EQ(a_server->parent_source, ParentSource::kNone);
  EXPECT_FALSE(a_server->has_parent());
  EXPECT_EQ(a_client->trace_id, a_server->trace_id);
  EXPECT_EQ(a_client->parent_span_id, a_server->span_id);
  EXPECT_EQ(a_client->parent_source, ParentSource::kThread);
  EXPECT_EQ(b_server->trace_id, a_server->trace_id);
  EXPECT_EQ(b_server->parent_span_id, a_client->span_id);
  EXPECT_EQ(b_server->parent_source, ParentSource::kTuple);
  // Baggage received by A flows to every span downstream, even though A's
  // request to B did not carry it.
  for (const Span* s : {a_server, a_client, b_server}) {
    EXPECT_EQ(str_attr(*s, "baggage.user"), "ann") << s->name;
    EXPECT_EQ(str_attr(*s, "baggage.tier"), "gold") << s->name;
  }
  // Service graph: B's server span counts the A -> B request; A's client span
  // only adds its duration to that edge; A's own server span has a remote client.
  using Role = HttpSummary::GraphRole;
  EXPECT_EQ(b_server->http.graph_role, Role::kServerCounts);
  EXPECT_EQ(b_server->http.graph_client, "svc10");
  EXPECT_EQ(b_server->http.graph_server, "svc20");
  EXPECT_EQ(a_client->http.graph_role, Role::kClientDurationOnly);
  EXPECT_EQ(a_client->http.graph_server, "svc20");
  EXPECT_EQ(a_server->http.graph_client, "10.0.0.9");
  EXPECT_EQ(h.builder.threads().threads(), 0u);  // nothing left behind
  EXPECT_EQ(h.builder.tuples().size(), 0u);
}

// On loopback the server's read can be seen before the client's send (the
// reader wakes before the sender's tracepoint runs): the link is still made.
TEST(HttpSpanBuilder, ServerReadSeenBeforeTheClientSendStillLinksByTuple_InEveryCase) {
  struct Case {
    const char* name;
    std::string client_headers;  // what the client sends
    bool client_served;          // the client call is made while serving a request (thread parent)
  };
  const std::string tp = "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n";
  for (const Case& c : {Case{"root client", "", false}, Case{"client with a traceparent", tp, false},
                        Case{"client with a thread parent", "", true}}) {
    SCOPED_TRACE(c.name);
    Harness h;
    Side up_in(h, conn(10, ingest::Role::kServer, v4(1, 7000), v4(9, 50000)));
    Side cli(h, conn(10, ingest::Role::kClient, v4(1, 41000), v4(3, 9090)));
    Side srv(h, conn(20, ingest::Role::kServer, v4(3, 9090), v4(1, 41000)));
    if (c.client_served) up_in.seg(false, "GET /up HTTP/1.1\r\n\r\n", 50, 10);
    std::string req = "GET /x HTTP/1.1\r\n" + c.client_headers + "\r\n";
    srv.seg(false, req, 1'000, 21);    // read first...
    cli.seg(true, req, 1'004, 10);     // ...then the send it came from, 4 us later
    // A call the server makes meanwhile is in the client's trace.
    Side srv_out(h, conn(20, ingest::Role::kClient, v4(3, 42000), v4(7, 80)));
    srv_out.seg(true, "GET /dep HTTP/1.1\r\nHost: api\r\n\r\n", 1'100, 21);
    srv_out.seg(false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 1'200, 21);
    srv.seg(true, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 1'300, 21);
    cli.seg(false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 1'310, 10);
    const Span* client = find(h.spans, SpanKind::kClient, 10);
    const Span* server = find(h.spans, SpanKind::kServer, 20);
    const Span* dep = find(h.spans, SpanKind::kClient, 20);
    ASSERT_TRUE(client && server && dep);
    EXPECT_EQ(server->parent_span_id, client->span_id);
    EXPECT_EQ(server->parent_source, ParentSource::kTuple);
    EXPECT_EQ(server->trace_id, client->trace_id);
    EXPECT_EQ(dep->trace_id, client->trace_id);
    EXPECT_EQ(dep->parent_span_id, server->span_id);
    EXPECT_EQ(server->http.graph_client, "svc10");
    EXPECT_EQ(client->http.graph_role, HttpSummary::GraphRole::kClientDurationOnly);
    if (!c.client_headers.empty()) EXPECT_EQ(hex(client->trace_id), "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_EQ(h.builder.stats().late_tuple_links, 1u);
    EXPECT_EQ(h.builder.tuples().size(), 1u);  // only the call to api:80, whose server is elsewhere
  }
}

TEST(HttpSpanBuilder, AServerReadLongBeforeASendIsNotItsChild) {
  Harness h;
  Side cli(h, conn(10, ingest::Role::kClient, v4(1, 41000), v4(3, 9090)));
  Side srv(h, conn(20, ingest::Role::kServer, v4(3, 9090), v4(1, 41000)));
  srv.seg(false, "GET /a HTTP/1.1\r\n\r\n", 1'000, 21);
  cli.seg(true, "GET /a HTTP/1.1\r\n\r\n", 1'000 + TupleLinks::kSkewNs + 1, 10);
  srv.seg(true, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 3'000'000, 21);
  const Span* server = find(h.spans, SpanKind::kServer, 20);
  ASSERT_TRUE(server);
  EXPECT_EQ(server->parent_source, ParentSource::kNone);
  EXPECT_EQ(h.builder.stats().late_tuple_links, 0u);
}

TEST(HttpSpanBuilder, AfterTheServerRespondsTheThreadServesNothing) {
  Harness h;
  Side a_in(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(9, 50000)));
  Side a_out(h, conn(10, ingest::Role::kClient, v4(1, 41000), v4(7, 80)));
  a_in.seg(false, "GET / HTTP/1.1\r\n\r\n", 100, 11);
  a_in.seg(true, "HTTP/1.1 204 No Content\r\n\r\n", 200, 11);
  a_out.seg(true, "GET /cron HTTP/1.1\r\nHost: api\r\n\r\n", 300, 11);
  a_out.seg(false, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", 400, 11);
  ASSERT_EQ(h.spans.size(), 2u);
  const Span* c = find(h.spans, SpanKind::kClient, 10);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->parent_source, ParentSource::kNone);
  EXPECT_NE(c->trace_id, h.spans[0].trace_id);
  EXPECT_EQ(c->status, StatusCode::kError);  // 4xx fails a client span...
  EXPECT_EQ(str_attr(*c, "url.full"), "http://api/cron");
  EXPECT_EQ(str_attr(*c, "server.address"), "api");
  EXPECT_EQ(int_attr(*c, "server.port"), 80);
  EXPECT_EQ(str_attr(*c, "error.type"), "404");
  EXPECT_EQ(c->http.graph_role, HttpSummary::GraphRole::kClientCounts);  // its server is not on this host
  EXPECT_EQ(c->http.graph_server, "api:80");
}

TEST(HttpSpanBuilder, AThreadServingSeveralRequestsGivesNoThreadParent) {
  Harness h;
  // An event loop: two requests in flight on thread 11 when it calls out.
  Side in1(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(9, 50001)));
  Side in2(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(9, 50002)));
  Side out(h, conn(10, ingest::Role::kClient, v4(1, 41000), v4(7, 80)));
  in1.seg(false, "GET /one HTTP/1.1\r\n\r\n", 100, 11);
  in2.seg(false, "GET /two HTTP/1.1\r\n\r\n", 110, 11);
  out.seg(true, "GET /dep HTTP/1.1\r\nHost: api\r\n\r\n", 120, 11);
  out.seg(false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 130, 11);
  const Span* c = find(h.spans, SpanKind::kClient, 10);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->parent_source, ParentSource::kNone);
  EXPECT_FALSE(c->has_parent());
  EXPECT_EQ(int_attr(*c, "kotel.parent.candidates"), 2);
  // With one of them answered the thread serves exactly one, but it was seen
  // serving two at once: an event loop, where the call may be a timer's.
  in1.seg(true, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 140, 11);
  out.seg(true, "GET /dep2 HTTP/1.1\r\nHost: api\r\n\r\n", 150, 11);
  out.seg(false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 160, 11);
  const Span* second = nullptr;
  for (const auto& s : h.spans)
    if (s.kind == SpanKind::kClient && str_attr(s, "url.path") == "/dep2") second = &s;
  ASSERT_TRUE(second);
  EXPECT_EQ(second->parent_source, ParentSource::kNone);
  EXPECT_EQ(str_attr(*second, "kotel.parent.thread_rule_off"), "multiplexing_thread");
  EXPECT_EQ(h.builder.stats().thread_rule_off_multiplexing, 2u);
}

// An event loop that also calls out from a timer: once its thread was seen
// with two requests at once, a timer call made while exactly one request is
// in flight is not that request's child. Other threads keep the rule.
TEST(HttpSpanBuilder, ATimerCallOnAnEventLoopIsNotTheChildOfTheRequestInFlight) {
  Harness h;
  Side in1(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(9, 50001)));
  Side in2(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(9, 50002)));
  Side timer(h, conn(10, ingest::Role::kClient, v4(1, 41000), v4(7, 80)));
  const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
  // Before any overlap the loop looks like a thread serving one request.
  in1.seg(false, "GET /a HTTP/1.1\r\n\r\n", 100, 11);
  in2.seg(false, "GET /b HTTP/1.1\r\n\r\n", 110, 11);  // read before /a was answered
  in1.seg(true, ok, 120, 11);
  in2.seg(true, ok, 130, 11);
  EXPECT_EQ(h.builder.threads().multiplexing_threads(), 1u);
  // Later, one request in flight on the loop and a timer fires.
  in1.seg(false, "GET /c HTTP/1.1\r\n\r\n", 200, 11);
  timer.seg(true, "GET /tick HTTP/1.1\r\nHost: back\r\n\r\n", 210, 11);
  timer.seg(false, ok, 220, 11);
  in1.seg(true, ok, 230, 11);
  const Span* tick = find(h.spans, SpanKind::kClient, 10);
  ASSERT_TRUE(tick);
  EXPECT_EQ(tick->parent_source, ParentSource::kNone);
  EXPECT_FALSE(tick->has_parent());
  EXPECT_EQ(str_attr(*tick, "kotel.parent.thread_rule_off"), "multiplexing_thread");
  EXPECT_EQ(h.builder.threads().current(10, 11), nullptr);  // log records of the loop take no request either

  // Thread 12 of the same process serves one request at a time: still linked.
  Side in3(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(9, 50003)));
  Side call(h, conn(10, ingest::Role::kClient, v4(1, 41001), v4(7, 80)));
  in3.seg(false, "GET /d HTTP/1.1\r\n\r\n", 300, 12);
  call.seg(true, "GET /dep HTTP/1.1\r\nHost: back\r\n\r\n", 310, 12);
  call.seg(false, ok, 320, 12);
  in3.seg(true, ok, 330, 12);
  const Span* linked = nullptr;
  for (const auto& s : h.spans)
    if (s.kind == SpanKind::kClient && str_attr(s, "url.path") == "/dep") linked = &s;
  ASSERT_TRUE(linked);
  EXPECT_EQ(linked->parent_source, ParentSource::kThread);
  EXPECT_EQ(str_attr(*linked, "kotel.parent.thread_rule_off"), "<none>");
}

// A thread-per-request server on keep-alive: request after request on one
// thread, each answered before the next is read, never counts as multiplexing.
TEST(HttpSpanBuilder, OneRequestAtATimeFromReadToResponseKeepsTheThreadRule) {
  Harness h;
  Side in(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(9, 50001)));
  Side out(h, conn(10, ingest::Role::kClient, v4(1, 41000), v4(7, 80)));
  const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
  for (uint64_t i = 0; i < 5; ++i) {
    uint64_t t = 1000 * (i + 1);
    in.seg(false, "GET /r HTTP/1.1\r\n\r\n", t, 11);
    out.seg(true, "GET /dep HTTP/1.1\r\nHost: back\r\n\r\n", t + 10, 11);
    out.seg(false, ok, t + 20, 11);
    in.seg(true, ok, t + 30, 11);
  }
  size_t linked = 0;
  for (const auto& s : h.spans)
    if (s.kind == SpanKind::kClient && s.parent_source == ParentSource::kThread) ++linked;
  EXPECT_EQ(linked, 5u);
  EXPECT_EQ(h.builder.threads().multiplexing_threads(), 0u);
  EXPECT_EQ(h.builder.stats().thread_rule_off_multiplexing, 0u);
}

// Goroutines move between threads, Node serves every request on one loop:
// in their processes the thread serving one request says nothing about who
// calls. No parent from it, and the span says why.
TEST(HttpSpanBuilder, ProcessesOfRuntimesWhoseTasksShareThreadsGetNoThreadParent) {
  for (auto [runtime, why] : {std::pair{discovery::Runtime::kGo, "go_runtime"},
                              std::pair{discovery::Runtime::kNode, "node_runtime"},
                              std::pair{discovery::Runtime::kBeam, "beam_runtime"}}) {
    SCOPED_TRACE(why);
    Harness h;
    Side in(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(9, 50001)));
    Side out(h, conn(10, ingest::Role::kClient, v4(1, 41000), v4(7, 80)));
    in.runtime = out.runtime = runtime;
    const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    in.seg(false, "GET /r HTTP/1.1\r\n\r\n", 100, 11);
    out.seg(true, "GET /dep HTTP/1.1\r\nHost: back\r\n\r\n", 110, 11);
    EXPECT_EQ(h.builder.threads().current(10, 11), nullptr);  // nor for log records
    out.seg(false, ok, 120, 11);
    in.seg(true, ok, 130, 11);
    const Span* c = find(h.spans, SpanKind::kClient, 10);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->parent_source, ParentSource::kNone);
    EXPECT_FALSE(c->has_parent());
    EXPECT_EQ(str_attr(*c, "kotel.parent.thread_rule_off"), why);
    EXPECT_EQ(h.builder.stats().thread_rule_off_runtime, 1u);
    // Headers still work: a Go client that propagates context is linked by them.
    out.seg(true,
            "GET /dep HTTP/1.1\r\ntraceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n\r\n",
            200, 11);
    out.seg(false, ok, 210, 11);
    EXPECT_EQ(h.spans.back().parent_source, ParentSource::kHeader);
  }
}

TEST(HttpSpanBuilder, ServerStatusAndOddMethods) {
  Harness h;
  Side s(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(2, 40000)));
  s.seg(false, "BREW /pot/0f3c9a7d1e2b HTTP/1.0\r\n\r\n", 100, 11);
  s.seg(true, "HTTP/1.0 418 Teapot\r\nContent-Length: 0\r\n\r\n", 200, 11);
  ASSERT_EQ(h.spans.size(), 1u);
  EXPECT_EQ(h.spans[0].name, "HTTP /pot/{hex}");
  EXPECT_EQ(h.spans[0].status, StatusCode::kUnset);  // ...but not a server span
  EXPECT_EQ(str_attr(h.spans[0], "http.request.method"), "_OTHER");
  EXPECT_EQ(str_attr(h.spans[0], "http.request.method_original"), "BREW");
  EXPECT_EQ(str_attr(h.spans[0], "network.protocol.version"), "1.0");
  EXPECT_EQ(int_attr(h.spans[0], "server.port"), 8080);  // from the socket: no Host header
}

TEST(HttpSpanBuilder, BaggageAllowDenyAndPrefix) {
  SpanSettings settings;
  settings.baggage_prefix = "bg.";
  settings.baggage_deny = {"secret"};
  Harness h(settings);
  Side s(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(2, 40000)));
  s.seg(false, "GET / HTTP/1.1\r\nbaggage: a=1,secret=x\r\nuberctx-b: 2\r\n\r\n", 100, 11);
  s.seg(true, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 200, 11);
  ASSERT_EQ(h.spans.size(), 1u);
  EXPECT_EQ(str_attr(h.spans[0], "bg.a"), "1");
  EXPECT_EQ(str_attr(h.spans[0], "bg.b"), "2");
  EXPECT_EQ(str_attr(h.spans[0], "bg.secret"), "<none>");
}

// A client sends whatever baggage it likes: per request at most
// baggage_max_entries entries and baggage_max_bytes bytes become attributes,
// a key over 64 bytes none; the rest is counted.
TEST(HttpSpanBuilder, BaggageIsCappedPerRequest) {
  SpanSettings settings;
  settings.baggage_max_entries = 3;
  settings.baggage_max_bytes = 40;
  Harness h(settings);
  Side s(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(2, 40000)));
  std::string long_key(65, 'k');
  s.seg(false, "GET / HTTP/1.1\r\nbaggage: a=1,b=2," + long_key + "=x,c=" + std::string(40, 'v') + ",d=4,e=5,f=6\r\n\r\n",
        100, 11);
  s.seg(true, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 200, 11);
  ASSERT_EQ(h.spans.size(), 1u);
  EXPECT_EQ(str_attr(h.spans[0], "baggage.a"), "1");
  EXPECT_EQ(str_attr(h.spans[0], "baggage.b"), "2");
  EXPECT_EQ(str_attr(h.spans[0], "baggage." + long_key), "<none>") << "a key over 64 bytes";
  EXPECT_EQ(str_attr(h.spans[0], "baggage.c"), "<none>") << "over the byte cap";
  EXPECT_EQ(str_attr(h.spans[0], "baggage.d"), "4");
  EXPECT_EQ(str_attr(h.spans[0], "baggage.e"), "<none>") << "over the entry cap";
  EXPECT_EQ(h.builder.stats().baggage_capped, 4u);  // the long key, c, e, f
}

// Head sampling: a root decides (here: always_off), every span below follows
// it through headers, the thread rule and the tuple link, so a trace is
// whole or absent; a traceparent's sampled flag is honoured.
TEST(HttpSpanBuilder, HeadSamplingIsDecidedAtTheRootAndFollowedBelow) {
  SpanSettings settings;
  SamplerConfig off;
  off.root = SamplerConfig::Root::kAlwaysOff;
  settings.sampler = Sampler(off);
  Harness h(settings);
  Side a_in(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(9, 50000)));
  Side a_out(h, conn(10, ingest::Role::kClient, v4(1, 41000), v4(3, 9090)));
  Side b_in(h, conn(20, ingest::Role::kServer, v4(3, 9090), v4(1, 41000)));
  a_in.seg(false, "GET /root HTTP/1.1\r\n\r\n", 100, 11);
  a_out.seg(true, "GET /pay HTTP/1.1\r\n\r\n", 200, 11);
  b_in.seg(false, "GET /pay HTTP/1.1\r\n\r\n", 210, 21);
  b_in.seg(true, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 290, 21);
  a_out.seg(false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 300, 11);
  a_in.seg(true, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 400, 11);
  ASSERT_EQ(h.spans.size(), 3u);
  for (const auto& sp : h.spans) EXPECT_FALSE(sp.sampled) << sp.name;
  EXPECT_EQ(h.builder.stats().sampled_out, 3u);
  // A sampled traceparent wins over the root sampler (parent based)...
  Side c_in(h, conn(30, ingest::Role::kServer, v4(5, 8080), v4(9, 50001)));
  c_in.seg(false, "GET / HTTP/1.1\r\ntraceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n\r\n",
           500, 31);
  c_in.seg(true, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 600, 31);
  ASSERT_EQ(h.spans.size(), 4u);
  EXPECT_TRUE(h.spans.back().sampled);
  // ... and an unsampled one keeps an always_on agent from exporting it.
  Harness on;
  Side d_in(on, conn(40, ingest::Role::kServer, v4(6, 8080), v4(9, 50002)));
  d_in.seg(false, "GET / HTTP/1.1\r\ntraceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00\r\n\r\n",
           700, 41);
  d_in.seg(true, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 800, 41);
  ASSERT_EQ(on.spans.size(), 1u);
  EXPECT_FALSE(on.spans[0].sampled);
}

TEST(HttpSpanBuilder, NoResponseIsAnError) {
  Harness h;
  Side s(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(2, 40000)));
  s.seg(false, "GET /slow HTTP/1.1\r\n\r\n", 100, 11);
  s.st.on_close(900, h.builder);
  ASSERT_EQ(h.spans.size(), 1u);
  EXPECT_EQ(h.spans[0].status, StatusCode::kError);
  EXPECT_EQ(str_attr(h.spans[0], "error.type"), "no_response");
  EXPECT_EQ(h.spans[0].end_unix_ns, 1'000'000'000'900u);
}

TEST(HttpSpanBuilder, InvalidContextIsCountedAndIgnored) {
  Harness h;
  Side s(h, conn(10, ingest::Role::kServer, v4(1, 8080), v4(2, 40000)));
  s.seg(false, "GET / HTTP/1.1\r\ntraceparent: 00-00000000000000000000000000000000-00f067aa0ba902b7-01\r\n\r\n", 100, 11);
  s.seg(true, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 200, 11);
  ASSERT_EQ(h.spans.size(), 1u);
  EXPECT_EQ(h.spans[0].parent_source, ParentSource::kNone);
  EXPECT_FALSE(h.spans[0].has_parent());
  EXPECT_EQ(h.builder.stats().context.invalid_traceparent, 1u);
}

}  // namespace
}  // namespace kotel::spans
