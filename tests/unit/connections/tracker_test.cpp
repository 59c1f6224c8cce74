#include "connections/tracker.h"

#include <gtest/gtest.h>

#include "tests/support/event_gen.h"

namespace kotel::connections {
namespace {

using ingest::ConnKey;
using ingest::OpenSource;
using testing::EventGen;

const ConnKey kKey{10, 5, 1};

// A connection from a local port to 127.0.0.1:40000.
ingest::Tuple from_port(uint16_t local_port) {
  return EventGen::tuple(local_port, 40000);
}

TEST(Tracker, ContiguousDataHasNoGaps) {
  ConnectionTracker t;
  EventGen gen;
  t.on_open(gen.open(kKey, Role::kClient, from_port(5000)));
  EXPECT_EQ(t.on_data(gen.data(kKey, Direction::kEgress, "", 100)).gap_bytes, 0u);
  EXPECT_EQ(t.on_data(gen.data(kKey, Direction::kEgress, "", 50)).gap_bytes, 0u);
  EXPECT_EQ(t.on_data(gen.data(kKey, Direction::kIngress, "", 10)).gap_bytes, 0u);
  const auto* c = t.find(kKey);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->stats(Direction::kEgress).bytes_seen, 150u);
  EXPECT_EQ(c->stats(Direction::kIngress).bytes_seen, 10u);
  EXPECT_EQ(t.stats().gap_events, 0u);
}

TEST(Tracker, LostEventsShowAsGapsIncludingAtTheEnd) {
  ConnectionTracker t;
  EventGen gen;
  t.on_open(gen.open(kKey, Role::kClient, from_port(5000)));
  t.on_data(gen.data(kKey, Direction::kEgress, "", 100));
  gen.lose(kKey, Direction::kEgress, 200);  // 100..300 lost
  auto out = t.on_data(gen.data(kKey, Direction::kEgress, "", 100));
  EXPECT_EQ(out.gap_bytes, 200u);
  gen.lose(kKey, Direction::kEgress, 50);  // 400..450 lost too
  ingest::ConnClose close = gen.close(kKey);
  ASSERT_EQ(close.bytes_egress, 450u);  // the kernel's totals
  ASSERT_EQ(close.bytes_ingress, 0u);
  t.on_close(close);
  EXPECT_EQ(t.find(kKey)->stats(Direction::kEgress).gap_bytes, 250u);
  EXPECT_EQ(t.stats().gap_bytes, 250u);
  EXPECT_EQ(t.stats().gap_events, 2u);
}

TEST(Tracker, ReorderedEventRefundsTheGapItCaused) {
  ConnectionTracker t;
  EventGen gen;
  ingest::Data first = gen.data(kKey, Direction::kIngress, "", 100);  // bytes 0..100
  ingest::Data second = gen.data(kKey, Direction::kIngress, "", 50);  // bytes 100..150
  t.on_data(second);                                                  // arrives first: looks like a 100-byte gap
  t.on_data(first);                                                   // the missing one, late
  const auto* c = t.find(kKey);
  EXPECT_EQ(c->stats(Direction::kIngress).gap_bytes, 0u);
  EXPECT_EQ(c->reordered, 1u);
  EXPECT_EQ(c->stats(Direction::kIngress).next_position, 150u);
}

TEST(Tracker, DiscoveredConnectionRoleFromListeningPorts) {
  ConnectionTracker t;
  EventGen gen;
  t.listening_ports().add(8080);
  const ConnKey server{1, 3, 2}, client{1, 4, 3};
  t.on_open(gen.open(server, Role::kUnknown, from_port(8080), OpenSource::kDiscovered));
  t.on_open(gen.open(client, Role::kUnknown, from_port(45678), OpenSource::kDiscovered));
  EXPECT_EQ(t.find(server)->role, Role::kServer);
  EXPECT_TRUE(t.find(server)->role_inferred);
  EXPECT_EQ(t.find(client)->role, Role::kClient);
  EXPECT_EQ(t.stats().discovered, 2u);
}

TEST(Tracker, DataBeforeOpenIsKeptAndMerged) {
  ConnectionTracker t;
  EventGen gen;
  ingest::ConnOpen open = gen.open(kKey, Role::kServer, from_port(80), OpenSource::kAccept);
  ingest::Data data = gen.data(kKey, Direction::kEgress, "", 10);
  t.on_data(data);  // delivered before the open that happened first
  t.on_open(open);
  const auto* c = t.find(kKey);
  EXPECT_EQ(c->role, Role::kServer);
  EXPECT_TRUE(c->tuple_known);
  EXPECT_EQ(c->opened_ns, open.ts_ns);
  EXPECT_EQ(c->stats(Direction::kEgress).bytes_seen, 10u);
}

TEST(Tracker, ProcessExitClosesItsConnectionsOnly) {
  ConnectionTracker t;
  EventGen gen;
  t.on_open(gen.open({7, 3, 1}, Role::kClient, from_port(1000)));
  t.on_open(gen.open({7, 4, 2}, Role::kClient, from_port(1001)));
  t.on_open(gen.open({8, 3, 3}, Role::kClient, from_port(1002)));
  gen.advance(100);
  auto closed = t.on_process_exit(7, gen.now());
  EXPECT_EQ(closed.size(), 2u);
  EXPECT_TRUE(t.find({7, 3, 1})->closed);
  EXPECT_FALSE(t.find({8, 3, 3})->closed);
}

TEST(Tracker, ClosedLingerThenExpireAndIdleExpire) {
  TrackerLimits limits;
  limits.linger_ns = 10'000;
  limits.idle_timeout_ns = 1'000'000;
  ConnectionTracker t(limits);
  EventGen gen;
  t.on_open(gen.open({1, 1, 1}, Role::kClient, from_port(1)));
  ingest::ConnOpen idle = gen.open({1, 2, 2}, Role::kClient, from_port(1));
  t.on_open(idle);
  gen.advance(100);
  ingest::ConnClose close = gen.close({1, 1, 1});
  t.on_close(close);
  EXPECT_EQ(t.expire(close.ts_ns + 5'000), 0u) << "still lingering";
  EXPECT_EQ(t.expire(close.ts_ns + 11'000), 1u);
  EXPECT_EQ(t.find({1, 1, 1}), nullptr);
  EXPECT_NE(t.find({1, 2, 2}), nullptr);
  EXPECT_EQ(t.expire(idle.ts_ns + limits.idle_timeout_ns + 1), 1u) << "idle past the timeout";
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.stats().expired_idle, 1u);
}

TEST(Tracker, CapEvictsTheLeastRecentlyActive) {
  TrackerLimits limits;
  limits.max_connections = 3;
  ConnectionTracker t(limits);
  EventGen gen;
  for (int fd = 0; fd < 3; ++fd) t.on_open(gen.open({1, fd, uint64_t(fd + 1)}, Role::kClient, from_port(1)));
  t.on_data(gen.data({1, 0, 1}, Direction::kEgress, "", 1));  // fd 0 is now the most recent
  t.on_open(gen.open({1, 9, 10}, Role::kClient, from_port(1)));
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.find({1, 1, 2}), nullptr) << "fd 1 was the least recently active";
  EXPECT_NE(t.find({1, 0, 1}), nullptr);
  EXPECT_EQ(t.stats().evicted_cap, 1u);
}

}  // namespace
}  // namespace kotel::connections
