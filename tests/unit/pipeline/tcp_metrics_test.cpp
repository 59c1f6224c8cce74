// TCP metrics in the pipeline: a connect's outcome is attributed to the
// process that called connect (seen at SYN_SENT), even though the reset and
// the close arrive in softirq context without a pid.

#include <gtest/gtest.h>

#include "pipeline/event_pipeline.h"

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
  EventPipeline pipe{config::PrintMode::kNone, {}, core::MonotonicToRealtime(0), KernelControl{},
                     [](const std::string&) {}};
  metrics::TcpMetrics tcp;
  pipe.enable_tcp_metrics(&tcp);
  uint32_t me = static_cast<uint32_t>(getpid());  // a real pid: its resource can be read
  // Refused: SYN_SENT (our pid), reset received (no pid), CLOSE (no pid).
  pipe.on_event(ingest::SockState{1, 0xa, 7, 2, me, tuple_to(1, 80)});
  pipe.on_event(ingest::TcpSignal{2, 0xa, ingest::TcpSignalKind::kResetReceived, 2, 0, tuple_to(1, 80)});
  pipe.on_event(ingest::SockState{3, 0xa, 2, 7, 0, tuple_to(1, 80)});
  // Timed out: SYN_SENT then CLOSE with no reset.
  pipe.on_event(ingest::SockState{4, 0xb, 7, 2, me, tuple_to(1, 80)});
  pipe.on_event(ingest::SockState{5, 0xb, 2, 7, 0, tuple_to(1, 80)});
  // Established, then a retransmit on it (softirq: pid 0).
  pipe.on_event(ingest::SockState{6, 0xc, 7, 2, me, tuple_to(2, 443)});
  pipe.on_event(ingest::SockState{7, 0xc, 2, 1, 0, tuple_to(2, 443)});
  pipe.on_event(ingest::TcpSignal{8, 0xc, ingest::TcpSignalKind::kRetransmit, 1, 0, tuple_to(2, 443)});

  auto series = tcp.snapshot();
  ASSERT_EQ(series.size(), 2u);
  for (const auto& s : series) {
    ASSERT_TRUE(s.resource);
    EXPECT_EQ(s.resource->pid, me);
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

}  // namespace
}  // namespace kotel::pipeline
