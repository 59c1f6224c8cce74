// `kotel tail events`: the pipeline hands each event, as --print events shows
// it, to the tap only while someone wants it.
#include <gtest/gtest.h>
#include <unistd.h>

#include "exporters/console/console_printer.h"
#include "exporters/console/event_format.h"
#include "exporters/console/span_format.h"
#include "ingest/event_names.h"
#include "pipeline/event_pipeline.h"

namespace kotel::pipeline {
namespace {

// What the tap saw, with the line `kotel tail events` shows for it (as the admin formats it).
struct Seen {
  uint32_t pid;
  std::string kind;
  std::string service;
  std::string line;
};

struct Tapped {
  std::vector<Seen> seen;
  std::vector<std::string> printed;
  bool wanted = true;
  EventPipeline pipe{config::PrintMode::kNone, {}, core::MonotonicToRealtime(0), {},
                     std::make_shared<console::ConsolePrinter>([this](const std::string& l) { printed.push_back(l); })};
  Tapped() {
    pipe.set_event_tap([this] { return wanted; }, [this](const EventView& v) {
      seen.push_back({v.pid, ingest::event_kind_name(v.kind), std::string(v.service),
                      console::format_event(*v.event, v.conn, {v.comm}, console::local_time_text(v.unix_ns))});
    });
  }
};

TEST(EventTap, OpenDataCloseAsPrintEventsLinesWithPidAndKind) {
  Tapped t;
  uint32_t pid = static_cast<uint32_t>(getpid());  // a live process: its service can be named
  ingest::ConnOpen open;
  open.key = {pid, 5, 9};
  open.role = ingest::Role::kClient;
  open.source = ingest::OpenSource::kConnect;
  open.ts_ns = 1'000;
  t.pipe.on_event(open);
  ingest::Data d;
  d.key = open.key;
  d.direction = ingest::Direction::kEgress;
  d.call = ingest::DataCall::kWrite;
  d.bytes = 78;
  d.payload = "GET / HTTP/1.1\r\n";
  d.ts_ns = 2'000;
  t.pipe.on_event(d);
  ingest::ConnClose c;
  c.key = open.key;
  c.bytes_egress = 78;
  c.ts_ns = 3'000;
  t.pipe.on_event(c);
  ASSERT_EQ(t.seen.size(), 3u);
  EXPECT_EQ(t.seen[0].kind, "open");
  EXPECT_EQ(t.seen[1].kind, "data");
  EXPECT_EQ(t.seen[2].kind, "close");
  for (const auto& v : t.seen) EXPECT_EQ(v.pid, pid);
  EXPECT_NE(t.seen[0].line.find("OPEN "), std::string::npos) << t.seen[0].line;
  EXPECT_NE(t.seen[0].line.find("connect"), std::string::npos) << t.seen[0].line;
  EXPECT_NE(t.seen[1].line.find("egress  write 78 B @0 \"GET / HTTP/1.1\\r\\n\""), std::string::npos) << t.seen[1].line;
  EXPECT_NE(t.seen[2].line.find("CLOSE  "), std::string::npos);
  EXPECT_NE(t.seen[2].line.find("sent 78 B"), std::string::npos) << t.seen[2].line;
  EXPECT_FALSE(t.seen[0].service.empty());
  EXPECT_TRUE(t.printed.empty());  // --print none: the console gets nothing

  t.wanted = false;  // no subscriber: nothing formatted
  t.pipe.on_event(open);
  EXPECT_EQ(t.seen.size(), 3u);
}

TEST(EventTap, ASocketHeldAtExitClosesThereWithItsBytes) {
  Tapped t;
  ingest::ConnOpen open;
  open.key = {4242, 5, 9};
  open.role = ingest::Role::kClient;
  t.pipe.on_event(open);
  ingest::Data d;
  d.key = open.key;
  d.direction = ingest::Direction::kEgress;
  d.bytes = 40;
  d.payload = std::string(40, 'x');
  t.pipe.on_event(d);
  ingest::ProcExit exit;
  exit.pid = 4242;
  t.pipe.on_event(exit);
  ASSERT_EQ(t.seen.size(), 4u);
  EXPECT_EQ(t.seen[2].kind, "close");
  EXPECT_NE(t.seen[2].line.find("fd=5 gen=9 sent 40 B, received 0 B (process exit)"), std::string::npos)
      << t.seen[2].line;
  EXPECT_EQ(t.seen[3].kind, "exit");
}

TEST(EventTap, TcpStateChangesNameNoProcess) {
  Tapped t;
  ingest::SockState s;
  s.pid = 77;  // softirq time: whoever ran, not the socket's owner
  s.old_state = ingest::TcpState::kSynSent;
  s.new_state = ingest::TcpState::kEstablished;
  t.pipe.on_event(s);
  ASSERT_EQ(t.seen.size(), 1u);
  EXPECT_EQ(t.seen[0].kind, "state");
  EXPECT_EQ(t.seen[0].pid, 0u);
  EXPECT_NE(t.seen[0].line.find("SYN_SENT -> ESTABLISHED"), std::string::npos) << t.seen[0].line;
}

// --logs auto with no consumer: the stage sees writes and exits only while
// a `kotel tail logs` wants them, so nothing half-assembled leaks between tails.
TEST(LogsOnDemand, WritesAndExitsReachTheStageOnlyWhileWanted) {
  bool wanted = false;
  std::vector<logs::LogRecord> out;
  EventPipeline pipe{config::PrintMode::kNone, {}, core::MonotonicToRealtime(0), {}};
  pipe.enable_logs({}, [&](logs::LogRecord&& r) { out.push_back(std::move(r)); }, [&] { return wanted; });
  ingest::LogWrite w;
  w.pid = 4343;
  w.tid = 4343;
  w.fd = 2;
  w.payload = "ERROR not wanted\n";
  w.bytes = w.payload.size();
  pipe.on_event(w);
  ingest::ProcExit exit;
  exit.pid = 4343;
  pipe.on_event(exit);
  EXPECT_TRUE(out.empty());
  wanted = true;
  w.payload = "ERROR wanted\n";
  w.bytes = w.payload.size();
  pipe.on_event(w);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].body, "ERROR wanted");
  EXPECT_EQ(out[0].severity.number, 17);
}

}  // namespace
}  // namespace kotel::pipeline
