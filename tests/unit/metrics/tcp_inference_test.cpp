// TcpInference: a connect's outcome and the TCP signals are attributed to the
// process that owns the socket, although the reset, the state changes after
// SYN_SENT and the retransmits arrive in softirq context without its pid.
#include "metrics/tcp_inference.h"

#include <gtest/gtest.h>

#include "tests/support/event_gen.h"

namespace kotel::metrics {
namespace {

using ingest::TcpSignalKind;
using ingest::TcpState;
using testing::EventGen;

constexpr uint32_t kOwner = 4242;

std::vector<TcpFinding> all(const std::vector<TcpFinding>& v) { return v; }

TEST(TcpInference, RefusedConnectIsTheResetThenTheCloseAndIsTheConnectorsOwn) {
  EventGen gen;
  TcpInference inf;
  auto t = EventGen::tuple(40000, 80, 1, 2);
  std::vector<TcpFinding> out;
  inf.on_state(gen.state(0xa, TcpState::kClose, TcpState::kSynSent, kOwner, t), &out);
  EXPECT_TRUE(out.empty());
  inf.on_signal(gen.signal(0xa, TcpSignalKind::kResetReceived, TcpState::kSynSent, 0, t), &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].event, TcpEvent::kResetReceived);
  EXPECT_EQ(out[0].pid, kOwner);
  EXPECT_TRUE(out[0].during_connect);  // the close reports it as refused
  out.clear();
  inf.on_state(gen.state(0xa, TcpState::kSynSent, TcpState::kClose, 0, t), &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].event, TcpEvent::kConnectRefused);
  EXPECT_EQ(out[0].pid, kOwner);
  EXPECT_EQ(out[0].peer, t.remote);
  EXPECT_EQ(inf.size(), 0u);  // forgotten at CLOSE
}

TEST(TcpInference, ACloseWithoutResetIsAFailedConnectAndAnEstablishedOneIsOk) {
  EventGen gen;
  TcpInference inf;
  auto t = EventGen::tuple(40001, 80, 1, 2);
  std::vector<TcpFinding> out;
  inf.on_state(gen.state(0xb, TcpState::kClose, TcpState::kSynSent, kOwner, t), &out);
  inf.on_state(gen.state(0xb, TcpState::kSynSent, TcpState::kClose, 0, t), &out);
  inf.on_state(gen.state(0xc, TcpState::kClose, TcpState::kSynSent, kOwner, t), &out);
  inf.on_state(gen.state(0xc, TcpState::kSynSent, TcpState::kEstablished, 0, t), &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].event, TcpEvent::kConnectFailed);
  EXPECT_EQ(out[1].event, TcpEvent::kConnectOk);
  EXPECT_EQ(out[1].pid, kOwner);
}

TEST(TcpInference, SignalsOfATrackedSocketGoToItsOwnerAndPeerAndRttIsTakenAtClose) {
  EventGen gen;
  TcpInference inf;
  auto t = EventGen::tuple(40002, 5432, 1, 3);
  inf.on_open(0xd, kOwner, t);
  std::vector<TcpFinding> out;
  ingest::Tuple none;  // a reset sent names no peer
  inf.on_signal(gen.signal(0xd, TcpSignalKind::kResetSent, TcpState::kEstablished, 0, none), &out);
  inf.on_signal(gen.signal(0xd, TcpSignalKind::kRetransmit, TcpState::kEstablished, 0, t), &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].event, TcpEvent::kResetSent);
  EXPECT_EQ(out[0].peer, t.remote);
  EXPECT_EQ(out[1].event, TcpEvent::kRetransmit);
  EXPECT_FALSE(out[1].during_connect);
  for (const auto& f : out) EXPECT_EQ(f.pid, kOwner);
  out.clear();
  inf.on_state(gen.state(0xd, TcpState::kEstablished, TcpState::kClose, 0, t, 1500), &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, TcpFinding::Kind::kRtt);
  EXPECT_EQ(out[0].srtt_us, 1500u);
  EXPECT_EQ(out[0].pid, kOwner);
}

TEST(TcpInference, AnUnknownSocketsSignalHasNoOwnerAndTheTableIsBounded) {
  EventGen gen;
  TcpInference inf;
  std::vector<TcpFinding> out;
  inf.on_signal(gen.signal(0xe, TcpSignalKind::kRetransmit, TcpState::kEstablished, 0, EventGen::tuple(1, 2)), &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].pid, 0u);
  for (uint64_t s = 1; s <= TcpInference::kMaxSocks + 10; ++s) inf.on_open(s, kOwner, EventGen::tuple(1, 2));
  EXPECT_LE(inf.size(), TcpInference::kMaxSocks);
}

}  // namespace
}  // namespace kotel::metrics
