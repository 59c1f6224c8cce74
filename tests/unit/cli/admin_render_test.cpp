#include "cli/admin_render.h"

#include <gtest/gtest.h>

namespace kotel::cli {
namespace {

v1::SpanRecord root_client() {
  v1::SpanRecord s;
  s.set_kind("client");
  s.set_parent_source("none");
  s.set_context_format("none");
  s.set_tid(77);
  return s;
}

TEST(ExplainParent, SaysWhichEvidenceWasMissing) {
  auto s = root_client();
  auto why = explain_parent(s);
  ASSERT_EQ(why.size(), 3u);
  EXPECT_NE(why[1].find("no context header"), std::string::npos);
  EXPECT_NE(why[2].find("serving no server request"), std::string::npos);
  s.set_parent_candidates(4);
  EXPECT_NE(explain_parent(s)[2].find("serving 4 requests at once"), std::string::npos);
  v1::SpanRecord server;
  server.set_kind("server");
  server.set_parent_source("none");
  server.set_tuple_known(true);
  server.set_remote("127.0.0.1:5000");
  EXPECT_NE(explain_parent(server).back().find("no same-host peer"), std::string::npos);
  server.set_parent_source("tuple");
  EXPECT_NE(explain_parent(server)[0].find("other end of this connection"), std::string::npos);
}

TEST(ExplainParent, SaysWhyTheThreadWasNotAsked) {
  auto s = root_client();
  s.set_thread_rule_off("go_runtime");
  auto why = explain_parent(s);
  ASSERT_EQ(why.size(), 3u);
  EXPECT_NE(why[2].find("runs Go"), std::string::npos) << why[2];
  EXPECT_NE(why[2].find("share threads"), std::string::npos) << why[2];
  s.set_thread_rule_off("node_runtime");
  EXPECT_NE(explain_parent(s)[2].find("one event loop serves every request"), std::string::npos);
  s.set_thread_rule_off("multiplexing_thread");
  s.set_parent_candidates(1);
  EXPECT_NE(explain_parent(s)[2].find("thread 77 was seen serving two requests at once"), std::string::npos);
}

TEST(RenderExplain, UnknownIdGivesReasonsAndLossIsShown) {
  v1::ExplainReply none;
  none.set_searched(12);
  none.set_history_capacity(10000);
  std::string text = render_explain("abcd", none);
  EXPECT_NE(text.find("abcd was not seen by this agent in its last 12 spans"), std::string::npos);
  v1::ExplainReply one;
  auto* s = one.add_spans();
  *s = root_client();
  s->set_connection_found(true);
  s->set_gaps_in(2);
  s->set_gap_bytes_in(300);
  s->set_request_head("GET / HTTP/1.1\\r\\n");
  s->set_request_head_bytes(16);
  text = render_explain("x", one);
  EXPECT_NE(text.find("2 gaps in (300 bytes)"), std::string::npos);
  EXPECT_NE(text.find("request (16 of 16 bytes): GET / HTTP/1.1\\r\\n"), std::string::npos);
}

TEST(ToJson, ProtoFieldNamesNumbersAndLists) {
  v1::StatusReply s;
  s.set_spans(5);
  s.set_version("0.1");
  auto* d = s.add_drops();
  d->set_name("transport_lost");
  d->set_value(3);
  auto j = to_json(s);
  EXPECT_EQ(j["spans"], 5);
  EXPECT_EQ(j["version"], "0.1");
  EXPECT_EQ(j["drops"][0]["value"], 3);
  EXPECT_TRUE(j["exports"].is_array());
}

TEST(Top, SortKeysAndRendering) {
  v1::TopFrame f;
  for (auto [name, rps, p99] : {std::tuple{"a", 1.0, 9.0}, {"b", 5.0, 2.0}}) {
    auto* r = f.add_rows();
    r->set_service(name);
    r->set_requests_per_s(rps);
    r->set_p99_ms(p99);
  }
  sort_top(f, "rps");
  EXPECT_EQ(f.rows(0).service(), "b");
  sort_top(f, "p99");
  EXPECT_EQ(f.rows(0).service(), "a");
  EXPECT_TRUE(valid_top_sort("errors"));
  EXPECT_FALSE(valid_top_sort("name"));
  std::string text = render_top(f, "p99");
  EXPECT_NE(text.find("sorted by p99"), std::string::npos);
  EXPECT_NE(text.find("a        1.0"), std::string::npos);
}

TEST(RenderExplain, SaysWhyASpanWasNotExportedAndAParentFoundByTrace) {
  v1::ExplainReply one;
  auto* s = one.add_spans();
  *s = root_client();
  s->set_parent_source("header");
  s->set_context_format("traceparent");
  s->set_parent_by_trace(true);
  s->set_withheld("sdk_process");
  std::string text = render_explain("x", one);
  EXPECT_NE(text.find("parent: the request this process was serving in the same trace (the traceparent header"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("exported: no, its process exports its own spans with an OpenTelemetry SDK"), std::string::npos);
  s->set_withheld("sampled_out");
  EXPECT_NE(render_explain("x", one).find("exported: no, head sampling left its trace out"), std::string::npos);
  s->set_withheld("");
  EXPECT_EQ(render_explain("x", one).find("exported: no"), std::string::npos);
}

TEST(RenderStatus, NamesSdkProcessesWithTheirEvidence) {
  v1::StatusReply s;
  s.set_sdk_spans_withheld(true);
  auto* p = s.add_sdk_processes();
  p->set_pid(42);
  p->set_service("checkout");
  p->set_evidence("otlp_export");
  p->set_detail("POST /v1/traces");
  p->set_spans(7);
  std::string out = render_status(s);
  EXPECT_NE(out.find("sdk process: pid 42 (checkout) exports its own spans (otlp_export: POST /v1/traces); 7 of its "
                     "spans withheld (--sdk-processes skip-spans)\n"),
            std::string::npos)
      << out;
}

TEST(RenderStatus, ExportHealthPerSignalWithTheLastError) {
  v1::StatusReply s;
  auto* t = s.add_exports();
  t->set_signal("traces");
  t->set_exporter("otlp");
  t->set_offered(10);
  t->set_exported(8);
  t->set_dropped(2);
  t->set_failures(3);
  t->set_queued(1);
  auto* m = s.add_exports();
  m->set_signal("metrics");
  m->set_exporter("otlp");
  m->set_offered(4);
  m->set_exported(3);
  m->set_failures(1);
  m->set_last_error("UNAVAILABLE: failed to connect to all addresses");
  m->set_last_error_unix_ns(1'700'000'000'000'000'000);
  std::string out = render_status(s);
  EXPECT_NE(out.find("export traces via otlp: offered=10 exported=8 dropped=2 failures=3 queued=1\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("export metrics via otlp: offered=4 exported=3 dropped=0 failures=1 queued=0 (snapshots"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("  last error at "), std::string::npos);
  EXPECT_NE(out.find(": UNAVAILABLE: failed to connect to all addresses\n"), std::string::npos) << out;
  EXPECT_EQ(to_json(s)["exports"][1]["last_error"], "UNAVAILABLE: failed to connect to all addresses");
}

TEST(TailEvents, SaysWhatWasMissed) {
  EXPECT_EQ(missed_line(1).rfind("-- 1 event missed: this view fell behind", 0), 0u) << missed_line(1);
  EXPECT_EQ(missed_line(12).rfind("-- 12 events missed", 0), 0u);
  v1::EventRecord r;
  r.set_kind("data");
  r.set_pid(7);
  r.set_line("12:00:00.000001 DATA   curl[7] ...");
  r.set_missed(2);
  auto j = to_json(r);
  EXPECT_EQ(j["kind"], "data");
  EXPECT_EQ(j["missed"], 2);
}

TEST(TailLogs, MissedRecordsNameTheirCounterAndJsonCarriesTheLine) {
  EXPECT_EQ(missed_line(3, "record", "admin_log_subscriber_drops").rfind("-- 3 records missed", 0), 0u);
  EXPECT_NE(missed_line(3, "record", "admin_log_subscriber_drops").find("admin_log_subscriber_drops"),
            std::string::npos);
  v1::LogLine r;
  r.set_pid(7);
  r.set_severity_number(17);
  r.set_severity_text("ERROR");
  r.set_body("payment failed");
  r.set_trace_id("4bf92f3577b34da6a3ce929d0e0e4736");
  auto j = to_json(r);
  EXPECT_EQ(j["severity_number"], 17);
  EXPECT_EQ(j["body"], "payment failed");
  EXPECT_EQ(j["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");
}

}  // namespace
}  // namespace kotel::cli
