// Both transports deliver, and a ring that is too small loses events that are
// counted: by the kernel's drop counter and by the byte positions' gaps.

#include <gtest/gtest.h>

#include "connections/tracker.h"
#include "event_queries.h"
#include "loopback.h"
#include "traced_session.h"


namespace kotel::testing {
namespace {

using ingest::Direction;

TEST(Transport, PerfBufferDeliversTheSameEvents) {
  auto opts = TracedSession::this_process_only();
  opts.use_ringbuf = false;
  auto session = open_session_or_fail(opts);
  if (!session) return;
  ASSERT_FALSE(session->probes().uses_ringbuf());
  Listener l = listen_loopback();
  Fd c = connect_loopback(l);
  Fd s = accept_one(l);
  write_all(c.get(), "through perf");
  EXPECT_EQ(read_exactly(s.get(), 12), "through perf");
  ASSERT_TRUE(session->wait_for(bytes_reach(s.get(), Direction::kIngress, 12)));
  auto o = *open_for_fd(session->events(), s.get());
  EXPECT_EQ(o.role, ingest::Role::kServer);
  auto in = data_of(session->events(), o.key, Direction::kIngress);
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].payload, "through perf");
  EXPECT_EQ(session->decode_errors(), 0u);
}

TEST(Transport, TinyRingCountsEveryLostEvent) {
  auto opts = TracedSession::this_process_only();
  opts.ring_buffer_bytes = 4096;  // one page: room for a few dozen small events
  opts.payload_bytes = 64;
  auto session = open_session_or_fail(opts);
  if (!session) return;
  Listener l = listen_loopback();
  Fd c = connect_loopback(l);
  Fd s = accept_one(l);
  constexpr int kWrites = 300;
  const std::string chunk(64, 'z');
  // Nobody reads the ring while the writes happen: most of them cannot fit.
  for (int i = 0; i < kWrites; ++i) write_all(c.get(), chunk);
  int client_fd = c.get();
  session->drain();  // make room, then close: the close event carries the kernel's final byte totals
  c.reset();
  ASSERT_TRUE(session->wait_for([&](auto&) {
    for (const auto& cl : session->all<ingest::ConnClose>())
      if (cl.key.pid == self_pid() && cl.key.fd == client_fd) return true;
    return false;
  })) << "the close event was expected once the ring had room";

  // Replay what arrived through the tracker: lost events show up as gaps.
  connections::ConnectionTracker tracker;
  std::optional<ingest::ConnKey> key;
  for (const auto& e : session->events()) {
    if (auto* o = std::get_if<ingest::ConnOpen>(&e)) {
      tracker.on_open(*o);
      if (o->key.pid == self_pid() && o->key.fd == client_fd) key = o->key;
    } else if (auto* d = std::get_if<ingest::Data>(&e)) {
      tracker.on_data(*d);
    } else if (auto* cl = std::get_if<ingest::ConnClose>(&e)) {
      tracker.on_close(*cl);
    }
  }
  ASSERT_TRUE(key) << "the open event is the first one and fits";
  auto delivered = data_of(session->events(), *key, Direction::kEgress);
  const auto* conn = tracker.find(*key);
  ASSERT_NE(conn, nullptr);
  const auto& out = conn->stats(Direction::kEgress);
  ASSERT_LT(delivered.size(), static_cast<size_t>(kWrites)) << "the ring was expected to overflow";
  size_t lost = kWrites - delivered.size();
  auto counters = session->probes().read_counters();
  EXPECT_GE(counters.at(probes::KernelCounter::kDropRingFull), lost) << "every lost data event is counted by the kernel";
  EXPECT_EQ(out.gap_bytes, lost * chunk.size()) << "positions account for exactly the lost bytes";
  EXPECT_EQ(out.bytes_seen, delivered.size() * chunk.size());
  // Every record the kernel says it sent arrived (events of other processes'
  // TCP state changes may still be landing, hence the bracket).
  session->drain();
  EXPECT_GE(session->records(), counters.at(probes::KernelCounter::kEventsSent));
  EXPECT_LE(session->records(), session->probes().read_counters().at(probes::KernelCounter::kEventsSent));
}

}  // namespace
}  // namespace kotel::testing
