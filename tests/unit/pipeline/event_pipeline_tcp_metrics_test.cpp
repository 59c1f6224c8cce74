// TCP metrics in the pipeline: a connect's outcome is attributed to the
// process that called connect (seen at SYN_SENT), even though the reset and
// the close arrive in softirq context without a pid.

#include <gtest/gtest.h>

#include "pipeline/event_pipeline.h"
#include "tests/support/event_gen.h"

namespace kotel::pipeline {
namespace {

ingest::Tuple tuple_to(uint8_t last, uint16_t port) {
  ingest::Tuple t;
  t.family = 2;
  t.remote.addr[10] = t.remote.addr[11] = 0xff;
  t.remote.addr[12] = 10;
  t.remote.addr[15] = last;
  t.remote.port = port;
  return t;
}

TEST(PipelineTcpMetrics, RefusedAndOtherFailuresAndSignalsGoToTheConnectingProcess) {
  EventPipeline pipe{config::PrintMode::kNone, {}, core::MonotonicToRealtime(0), KernelControl{}};
  metrics::TcpMetrics tcp;
  pipe.enable_tcp_metrics(&tcp);
  uint32_t me = static_cast<uint32_t>(getpid());  // a real pid: its resource can be read
  // Refused: SYN_SENT (our pid), reset received (no pid), CLOSE (no pid).
  using ingest::TcpState;
  testing::EventGen gen;
  pipe.on_event(gen.state(0xa, TcpState::kClose, TcpState::kSynSent, me, tuple_to(1, 80)));
  pipe.on_event(gen.signal(0xa, ingest::TcpSignalKind::kResetReceived, TcpState::kSynSent, 0, tuple_to(1, 80)));
  pipe.on_event(gen.state(0xa, TcpState::kSynSent, TcpState::kClose, 0, tuple_to(1, 80)));
  // Timed out: SYN_SENT then CLOSE with no reset.
  pipe.on_event(gen.state(0xb, TcpState::kClose, TcpState::kSynSent, me, tuple_to(1, 80)));
  pipe.on_event(gen.state(0xb, TcpState::kSynSent, TcpState::kClose, 0, tuple_to(1, 80)));
  // Established, then a retransmit on it (softirq: pid 0).
  pipe.on_event(gen.state(0xc, TcpState::kClose, TcpState::kSynSent, me, tuple_to(2, 443)));
  pipe.on_event(gen.state(0xc, TcpState::kSynSent, TcpState::kEstablished, 0, tuple_to(2, 443)));
  pipe.on_event(gen.signal(0xc, ingest::TcpSignalKind::kRetransmit, TcpState::kEstablished, 0, tuple_to(2, 443)));

  auto series = tcp.snapshot();
  ASSERT_EQ(series.size(), 2u);
  for (const auto& s : series) {
    ASSERT_TRUE(s.resource);
    // The connecting process's service (series are per service, not per pid).
    EXPECT_EQ(s.resource->executable_name, "kotel_unit_tests");
    if (s.peer == "10.0.0.1") {
      EXPECT_EQ(s.counters.connect_attempts, 2u);
      EXPECT_EQ(s.counters.connect_refused, 1u);
      EXPECT_EQ(s.counters.connect_failed, 1u);
      EXPECT_EQ(s.counters.resets_received, 1u);
    } else {
      EXPECT_EQ(s.peer, "10.0.0.2");
      EXPECT_EQ(s.counters.connect_attempts, 1u);
      EXPECT_EQ(s.counters.connect_refused + s.counters.connect_failed, 0u);
      EXPECT_EQ(s.counters.retransmits, 1u);
    }
  }
}

// A long-lived connection: its bytes count every tick while it is open (not only
// at close), the active gauge follows it, and its smoothed RTT is taken at close.
TEST(PipelineTcpMetrics, OpenConnectionsCountBytesEveryTickAndRttAtClose) {
  EventPipeline pipe{config::PrintMode::kNone, {}, core::MonotonicToRealtime(0), KernelControl{}};
  metrics::TcpMetrics tcp;
  pipe.enable_tcp_metrics(&tcp);
  uint32_t me = static_cast<uint32_t>(getpid());
  ingest::ConnKey key{me, 5, 1};
  testing::EventGen gen;
  pipe.on_event(gen.open(key, ingest::Role::kClient, tuple_to(3, 5432), ingest::OpenSource::kConnect, 0xd));
  auto data = [&](ingest::Direction d, uint64_t bytes) { pipe.on_event(gen.data(key, d, "", bytes)); };
  data(ingest::Direction::kEgress, 100);
  data(ingest::Direction::kIngress, 4000);
  pipe.tick(gen.now());
  auto at = [&](std::string_view peer) {
    for (const auto& s : tcp.snapshot())
      if (s.peer == peer) return s.counters;
    ADD_FAILURE() << "no series for " << peer;
    return metrics::TcpCounters{};
  };
  EXPECT_EQ(at("10.0.0.3").bytes_sent, 100u);
  EXPECT_EQ(at("10.0.0.3").bytes_received, 4000u);
  EXPECT_EQ(at("10.0.0.3").active, 1u);
  data(ingest::Direction::kEgress, 50);
  pipe.tick(gen.now());  // only what moved since the last tick is added
  EXPECT_EQ(at("10.0.0.3").bytes_sent, 150u);
  EXPECT_EQ(at("10.0.0.3").bytes_received, 4000u);
  // Close: the kernel's totals (a last write the events missed included), less what the ticks counted.
  gen.lose(key, ingest::Direction::kEgress, 20);
  pipe.on_event(gen.close(key));
  pipe.on_event(gen.state(0xd, ingest::TcpState::kEstablished, ingest::TcpState::kClose, 0, tuple_to(3, 5432), 1500));
  pipe.tick(gen.now());
  auto c = at("10.0.0.3");
  EXPECT_EQ(c.bytes_sent, 170u);
  EXPECT_EQ(c.bytes_received, 4000u);
  EXPECT_EQ(c.connections_closed, 1u);
  EXPECT_EQ(c.active, 0u);
  EXPECT_EQ(c.rtt.count, 1u);
  EXPECT_NEAR(c.rtt.sum, 0.0015, 1e-9);
  EXPECT_EQ(c.rtt.buckets[5], 1u);  // (1 ms, 2.5 ms]
}

}  // namespace
}  // namespace kotel::pipeline
