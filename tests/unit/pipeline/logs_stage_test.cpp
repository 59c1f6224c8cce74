#include "pipeline/logs_stage.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace kotel::pipeline {
namespace {

const spans::AttributeValue* attr(const logs::LogRecord& r, std::string_view key) {
  for (const auto& a : r.attributes)
    if (a.key == key) return &a.value;
  return nullptr;
}

// The stage with fakes around it: requests served per (pid, tid), one resource per pid.
struct Harness {
  std::map<std::pair<uint32_t, uint32_t>, spans::LinkContext> serving;
  std::vector<logs::LogRecord> out;
  LogSettings settings;
  std::unique_ptr<LogsStage> stage;

  explicit Harness(LogSettings s = {}) : settings(std::move(s)) {
    auto resources = [](uint32_t pid) {
      auto r = std::make_shared<model::Resource>();
      r->service_name = pid == 666 ? "noisy" : "svc";
      r->pid = pid;
      return std::shared_ptr<const model::Resource>(r);
    };
    auto active = [this](uint32_t pid, uint32_t tid) -> const spans::LinkContext* {
      auto it = serving.find({pid, tid});
      return it == serving.end() ? nullptr : &it->second;
    };
    stage = std::make_unique<LogsStage>(settings, resources, active, [](uint32_t) { return std::string("py"); },
                                        core::MonotonicToRealtime(0), [this](logs::LogRecord&& r) {
                                          out.push_back(std::move(r));
                                        });
  }
  void serve(uint32_t pid, uint32_t tid, uint8_t id) {
    spans::LinkContext c;
    c.trace_id.fill(id);
    c.span_id.fill(id);
    serving[{pid, tid}] = c;
  }
  void write(uint32_t pid, uint32_t tid, uint8_t fd, uint64_t ts, std::string bytes) {
    ingest::LogWrite w;
    w.pid = pid;
    w.tid = tid;
    w.fd = fd;
    w.ts_ns = ts;
    w.bytes = bytes.size();
    w.payload = std::move(bytes);
    stage->on_write(w);
  }
};

TEST(LogsStage, LineCarriesTheRequestItsThreadServedWhenItStarted) {
  Harness h;
  h.serve(10, 11, 0xaa);
  h.write(10, 11, 2, 1000, "ERROR:root:payment failed\n");
  h.serving.clear();
  h.write(10, 11, 2, 2000, "INFO:root:idle\n");
  ASSERT_EQ(h.out.size(), 2u);
  EXPECT_TRUE(h.out[0].has_trace());
  EXPECT_EQ(h.out[0].trace_id[0], 0xaa);
  EXPECT_EQ(h.out[0].span_id[7], 0xaa);
  EXPECT_EQ(h.out[0].severity.number, 17);
  EXPECT_EQ(h.out[0].body, "ERROR:root:payment failed");
  EXPECT_EQ(h.out[0].source, logs::LogSource::kStderr);
  EXPECT_EQ(h.out[0].resource->service_name, "svc");
  EXPECT_EQ(h.out[0].observed_unix_ns, 1000u);
  EXPECT_FALSE(h.out[1].has_trace());
  EXPECT_EQ(h.out[1].severity.number, 9);
}

TEST(LogsStage, SplitLineKeepsTheContextOfItsFirstWriteAndTheNextLineTakesItsOwn) {
  Harness h;
  h.serve(10, 11, 0x01);
  h.write(10, 11, 1, 1, "first li");
  h.serve(10, 11, 0x02);  // the thread moved to another request
  h.write(10, 11, 1, 2, "ne\nsecond li");
  h.write(10, 11, 1, 3, "ne\n");
  ASSERT_EQ(h.out.size(), 2u);
  EXPECT_EQ(h.out[0].body, "first line");
  EXPECT_EQ(h.out[0].trace_id[0], 0x01);
  EXPECT_EQ(h.out[1].body, "second line");
  EXPECT_EQ(h.out[1].trace_id[0], 0x02);
}

TEST(LogsStage, OtherThreadsOfTheProcessGetNoContext) {
  Harness h;
  h.serve(10, 11, 0x05);
  h.write(10, 12, 1, 1, "background job\n");
  ASSERT_EQ(h.out.size(), 1u);
  EXPECT_FALSE(h.out[0].has_trace());
}

TEST(LogsStage, RateLimitPerProcessCountsWhatItDrops) {
  LogSettings s;
  s.rate_limit = 5;
  Harness h(s);
  for (int i = 0; i < 20; ++i) h.write(10, 10, 1, 1000 + i, "line " + std::to_string(i) + "\n");
  for (int i = 0; i < 3; ++i) h.write(20, 20, 1, 1000 + i, "other\n");  // another process has its own budget
  EXPECT_EQ(h.out.size(), 5u + 3u);
  EXPECT_EQ(h.stage->stats().dropped_rate_limited, 15u);
  h.write(10, 10, 1, 1000 + 1'000'000'000ULL, "a second later\n");  // refilled
  EXPECT_EQ(h.out.back().body, "a second later");
  EXPECT_EQ(h.stage->stats().records_from(logs::LogSource::kStdout), 9u);
}

TEST(LogsStage, RecordCapTruncatesAndMarks) {
  LogSettings s;
  s.max_record_bytes = 64;
  Harness h(s);
  h.write(10, 10, 1, 1, std::string(200, 'x') + "\nshort\n");
  ASSERT_EQ(h.out.size(), 2u);
  EXPECT_EQ(h.out[0].body.size(), 64u);
  ASSERT_NE(attr(h.out[0], "log.record.truncated"), nullptr);
  EXPECT_EQ(attr(h.out[1], "log.record.truncated"), nullptr);
  EXPECT_EQ(h.stage->stats().lines_truncated, 1u);
}

TEST(LogsStage, ExcludedServiceIsDroppedAndCounted) {
  LogSettings s;
  s.exclude_services = {"noisy"};
  Harness h(s);
  h.write(666, 666, 1, 1, "spam\n");
  h.write(10, 10, 1, 1, "kept\n");
  ASSERT_EQ(h.out.size(), 1u);
  EXPECT_EQ(h.out[0].body, "kept");
  EXPECT_EQ(h.stage->stats().dropped_excluded_service, 1u);
}

TEST(LogsStage, ExitFlushesThePartialLineThenRecordsTheSignal) {
  Harness h;
  h.write(10, 10, 1, 1, "no newline");
  h.stage->on_exit(ingest::ProcExit{5, 10, 9});  // SIGKILL
  ASSERT_EQ(h.out.size(), 2u);
  EXPECT_EQ(h.out[0].body, "no newline");
  EXPECT_EQ(h.out[1].source, logs::LogSource::kKernel);
  EXPECT_EQ(h.out[1].event_name, "kotel.process.exit");
  EXPECT_EQ(h.out[1].severity.number, 17);
  EXPECT_EQ(h.out[1].body, "py[10] killed by SIGKILL");
  EXPECT_EQ(std::get<std::string>(*attr(h.out[1], "kotel.process.exit.signal")), "SIGKILL");
}

TEST(LogsStage, AnOomKillIsItsOwnRecordBeforeTheExit) {
  Harness h;
  h.stage->on_exit(ingest::ProcExit{5, 10, 9, true});
  ASSERT_EQ(h.out.size(), 2u);
  EXPECT_EQ(h.out[0].event_name, "kotel.process.oom_kill");
  EXPECT_EQ(std::get<std::string>(*attr(h.out[0], "error.type")), "oom_kill");
  EXPECT_EQ(h.out[1].event_name, "kotel.process.exit");
}

TEST(LogsStage, QuietCleanExitsMakeNoRecordButFailuresDo) {
  Harness h;
  h.stage->on_exit(ingest::ProcExit{1, 30, 0});       // a shell command that never wrote: nothing
  h.stage->on_exit(ingest::ProcExit{2, 31, 3 << 8});  // exit(3)
  ASSERT_EQ(h.out.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(*attr(h.out[0], "process.exit.code")), 3);
  EXPECT_EQ(h.out[0].severity.number, 13);
}

TEST(LogsStage, KernelRecordsFollowThePidFilters) {
  LogSettings s;
  s.exclude_pids = {40};
  Harness h(s);
  ingest::Endpoint peer;
  peer.addr = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
  peer.port = 27001;
  h.stage->on_tcp(1, 40, 0x1, logs::TcpProblem::kConnectRefused, peer);
  h.stage->on_tcp(1, 41, 0x2, logs::TcpProblem::kConnectRefused, peer);
  h.stage->on_tcp(1, 0, 0x3, logs::TcpProblem::kReset, peer);  // owner unknown
  ASSERT_EQ(h.out.size(), 1u);
  EXPECT_EQ(h.out[0].pid, 41u);
  EXPECT_EQ(std::get<std::string>(*attr(h.out[0], "error.type")), "connection_refused");
  EXPECT_EQ(std::get<std::string>(*attr(h.out[0], "network.peer.address")), "127.0.0.1");
  EXPECT_EQ(std::get<int64_t>(*attr(h.out[0], "network.peer.port")), 27001);
}

TEST(LogsStage, RetransmitBurstIsOneRecordPerWindow) {
  Harness h;
  ingest::Endpoint peer;
  for (uint64_t i = 0; i < 10; ++i) h.stage->on_retransmit(1000 + i, 50, 0x9, peer);
  ASSERT_EQ(h.out.size(), 1u);
  EXPECT_EQ(h.out[0].event_name, "kotel.tcp.retransmits");
  h.stage->on_retransmit(2'000'000'000, 50, 0x9, peer);  // a new window, below the burst size
  EXPECT_EQ(h.out.size(), 1u);
}

}  // namespace
}  // namespace kotel::pipeline
