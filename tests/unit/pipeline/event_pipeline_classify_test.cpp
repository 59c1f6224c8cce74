// Which connections the pipeline keeps parsing (HTTP/1 ones keep their
// payload, anything else is muted in the kernel once), and the kernel-time
// order it applies events in.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "exporters/console/console_printer.h"
#include "pipeline/event_pipeline.h"
#include "protocols/detect.h"
#include "tests/support/event_gen.h"

extern "C" {
#include "kotel/events.h"
}

namespace kotel::pipeline {
namespace {

using ingest::Direction;
using testing::EventGen;

struct Fixture {
  EventGen gen;
  std::vector<uint64_t> muted;
  std::vector<std::string> lines;
  EventPipeline pipe{config::PrintMode::kNone, {}, core::MonotonicToRealtime(0),
                     KernelControl{nullptr, [this](uint64_t conn_gen) { muted.push_back(conn_gen); }},
                     std::make_shared<console::ConsolePrinter>([this](const std::string& l) { lines.push_back(l); })};
  // Bytes the process read on `key`, right after the last ones.
  void recv(ingest::ConnKey key, std::string_view payload) { pipe.on_event(gen.recv(key, payload)); }
};

TEST(Classify, HttpConnectionsKeepTheirPayload) {
  Fixture f;
  f.recv({1, 3, 7}, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(f.muted.empty());
  EXPECT_EQ(f.pipe.tracker().find({1, 3, 7})->protocol, protocols::Protocol::kHttp1);
  EXPECT_EQ(f.pipe.stats().http1_connections, 1u);
}

TEST(Classify, OtherProtocolsAreMutedOnce) {
  Fixture f;
  f.recv({1, 4, 8}, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
  f.recv({1, 4, 8}, "more bytes of the same stream");
  EXPECT_EQ(f.muted, (std::vector<uint64_t>{8}));
  EXPECT_EQ(f.pipe.stats().muted_connections, 1u);
}

TEST(Classify, ShortFirstReadWaitsForMoreBytes) {
  Fixture f;
  f.recv({1, 5, 9}, "GE");  // a request split after two bytes
  EXPECT_TRUE(f.muted.empty());
  f.recv({1, 5, 9}, "T / HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(f.muted.empty()) << "mid-stream bytes never rule HTTP out on their own";
}

TEST(Classify, MidStreamConnectionsGiveUpAfterManyEvents) {
  Fixture f;
  f.gen.lose({2, 6, 10}, Direction::kIngress, 1000);  // opened before the agent: first seen at byte 1000
  for (int i = 0; i < 20; ++i) f.recv({2, 6, 10}, "0123456789");
  EXPECT_EQ(f.muted, (std::vector<uint64_t>{10}));
}

TEST(Classify, MidStreamHttpIsRecognisedAtAMessageHead) {
  Fixture f;
  f.gen.lose({2, 7, 11}, Direction::kIngress, 5000);
  f.recv({2, 7, 11}, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(f.pipe.tracker().find({2, 7, 11})->protocol, protocols::Protocol::kHttp1);
}

}  // namespace
}  // namespace kotel::pipeline

namespace kotel::pipeline {
namespace {

template <typename T>
std::vector<std::byte> record_of(const T& v) {
  std::vector<std::byte> out(sizeof(T));
  std::memcpy(out.data(), &v, sizeof(T));
  return out;
}

// Open, one 5-byte write and the close, as raw records handed over close-first
// (two CPUs' perf buffers drained one after the other).
std::vector<std::vector<std::byte>> shuffled_records() {
  kotel_conn_open_event open{};
  open.hdr = {KOTEL_EV_CONN_OPEN, sizeof(open), 0, 10};
  open.id = {5, 3, 1};
  open.role = KOTEL_ROLE_CLIENT;
  kotel_data_event data{};
  data.hdr = {KOTEL_EV_DATA, sizeof(data), 1, 20};
  data.id = open.id;
  data.direction = KOTEL_DIR_EGRESS;
  data.bytes = 5;
  kotel_conn_close_event close{};
  close.hdr = {KOTEL_EV_CONN_CLOSE, sizeof(close), 1, 30};
  close.id = open.id;
  close.bytes_egress = 5;
  return {record_of(close), record_of(data), record_of(open)};
}

TEST(Reorder, PerfBatchesAreAppliedInKernelTimeOrder) {
  for (bool reorder : {false, true}) {
    std::vector<std::string> lines;
    EventPipeline pipe{config::PrintMode::kConnections, {}, core::MonotonicToRealtime(0), KernelControl{},
                       std::make_shared<console::ConsolePrinter>([&](const std::string& l) { lines.push_back(l); })};
    pipe.set_reorder(reorder);
    for (const auto& r : shuffled_records()) pipe.on_record(r);
    pipe.flush();
    if (reorder) {
      ASSERT_EQ(lines.size(), 1u) << "one summary once the close is applied last";
      EXPECT_NE(lines[0].find("sent 5 B"), std::string::npos) << lines[0];
      EXPECT_EQ(pipe.tracker().stats().gap_bytes, 0u);
    } else {
      EXPECT_TRUE(lines.empty()) << "close-first: the close finds no connection";
    }
  }
}

TEST(Reorder, ExitSeenBeforeCloseSummarisesOnce) {
  std::vector<std::string> lines;
  EventPipeline pipe{config::PrintMode::kConnections, {}, core::MonotonicToRealtime(0), KernelControl{},
                     std::make_shared<console::ConsolePrinter>([&](const std::string& l) { lines.push_back(l); })};
  EventGen gen;
  ingest::ConnKey key{5, 3, 1};
  ingest::ConnOpen open = gen.open(key, ingest::Role::kClient, EventGen::tuple(40000, 80));
  ingest::ConnClose close = gen.close(key);
  ingest::ProcExit exit = gen.exit(5);  // after the close, but handed over before it
  pipe.on_event(open);
  pipe.on_event(exit);
  pipe.on_event(close);  // late: its connection was closed by the exit
  EXPECT_EQ(lines.size(), 1u);
}

}  // namespace
}  // namespace kotel::pipeline
