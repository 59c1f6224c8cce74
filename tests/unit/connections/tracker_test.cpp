#include "connections/tracker.h"

#include <gtest/gtest.h>

namespace kotel::connections {
namespace {

using ingest::ConnClose;
using ingest::ConnKey;
using ingest::ConnOpen;
using ingest::Data;

ConnOpen open_event(ConnKey k, Role role, ingest::OpenSource source, uint16_t lport, uint64_t ts = 1) {
  ConnOpen o;
  o.ts_ns = ts;
  o.key = k;
  o.role = role;
  o.source = source;
  o.tuple.local.port = lport;
  o.tuple.remote.port = 40000;
  return o;
}

Data data_event(ConnKey k, Direction d, uint64_t pos, uint64_t bytes, uint64_t ts = 2) {
  Data e;
  e.ts_ns = ts;
  e.key = k;
  e.direction = d;
  e.position = pos;
  e.bytes = bytes;
  return e;
}

const ConnKey kKey{10, 5, 1};

TEST(Tracker, ContiguousDataHasNoGaps) {
  ConnectionTracker t;
  t.on_open(open_event(kKey, Role::kClient, ingest::OpenSource::kConnect, 5000));
  EXPECT_EQ(t.on_data(data_event(kKey, Direction::kEgress, 0, 100)).gap_bytes, 0u);
  EXPECT_EQ(t.on_data(data_event(kKey, Direction::kEgress, 100, 50)).gap_bytes, 0u);
  EXPECT_EQ(t.on_data(data_event(kKey, Direction::kIngress, 0, 10)).gap_bytes, 0u);
  const auto* c = t.find(kKey);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->stats(Direction::kEgress).bytes_seen, 150u);
  EXPECT_EQ(c->stats(Direction::kIngress).bytes_seen, 10u);
  EXPECT_EQ(t.stats().gap_events, 0u);
}

TEST(Tracker, LostEventsShowAsGapsIncludingAtTheEnd) {
  ConnectionTracker t;
  t.on_open(open_event(kKey, Role::kClient, ingest::OpenSource::kConnect, 5000));
  t.on_data(data_event(kKey, Direction::kEgress, 0, 100));
  auto out = t.on_data(data_event(kKey, Direction::kEgress, 300, 100));  // 100..300 lost
  EXPECT_EQ(out.gap_bytes, 200u);
  ConnClose close;
  close.key = kKey;
  close.bytes_egress = 450;  // 400..450 lost too
  close.bytes_ingress = 0;
  t.on_close(close);
  EXPECT_EQ(t.find(kKey)->stats(Direction::kEgress).gap_bytes, 250u);
  EXPECT_EQ(t.stats().gap_bytes, 250u);
  EXPECT_EQ(t.stats().gap_events, 2u);
}

TEST(Tracker, ReorderedEventRefundsTheGapItCaused) {
  ConnectionTracker t;
  t.on_data(data_event(kKey, Direction::kIngress, 100, 50));  // arrives first: looks like a 100-byte gap
  t.on_data(data_event(kKey, Direction::kIngress, 0, 100));   // the missing one, late
  const auto* c = t.find(kKey);
  EXPECT_EQ(c->stats(Direction::kIngress).gap_bytes, 0u);
  EXPECT_EQ(c->reordered, 1u);
  EXPECT_EQ(c->stats(Direction::kIngress).next_position, 150u);
}

TEST(Tracker, DiscoveredConnectionRoleFromListeningPorts) {
  ConnectionTracker t;
  t.listening_ports().add(8080);
  const ConnKey server{1, 3, 2}, client{1, 4, 3};
  t.on_open(open_event(server, Role::kUnknown, ingest::OpenSource::kDiscovered, 8080));
  t.on_open(open_event(client, Role::kUnknown, ingest::OpenSource::kDiscovered, 45678));
  EXPECT_EQ(t.find(server)->role, Role::kServer);
  EXPECT_TRUE(t.find(server)->role_inferred);
  EXPECT_EQ(t.find(client)->role, Role::kClient);
  EXPECT_EQ(t.stats().discovered, 2u);
}

TEST(Tracker, DataBeforeOpenIsKeptAndMerged) {
  ConnectionTracker t;
  t.on_data(data_event(kKey, Direction::kEgress, 0, 10, 5));
  t.on_open(open_event(kKey, Role::kServer, ingest::OpenSource::kAccept, 80, 4));
  const auto* c = t.find(kKey);
  EXPECT_EQ(c->role, Role::kServer);
  EXPECT_TRUE(c->tuple_known);
  EXPECT_EQ(c->opened_ns, 4u);
  EXPECT_EQ(c->stats(Direction::kEgress).bytes_seen, 10u);
}

TEST(Tracker, ProcessExitClosesItsConnectionsOnly) {
  ConnectionTracker t;
  t.on_open(open_event({7, 3, 1}, Role::kClient, ingest::OpenSource::kConnect, 1000));
  t.on_open(open_event({7, 4, 2}, Role::kClient, ingest::OpenSource::kConnect, 1001));
  t.on_open(open_event({8, 3, 3}, Role::kClient, ingest::OpenSource::kConnect, 1002));
  auto closed = t.on_process_exit(7, 100);
  EXPECT_EQ(closed.size(), 2u);
  EXPECT_TRUE(t.find({7, 3, 1})->closed);
  EXPECT_FALSE(t.find({8, 3, 3})->closed);
}

TEST(Tracker, ClosedLingerThenExpireAndIdleExpire) {
  TrackerLimits limits;
  limits.linger_ns = 10;
  limits.idle_timeout_ns = 1000;
  ConnectionTracker t(limits);
  t.on_open(open_event({1, 1, 1}, Role::kClient, ingest::OpenSource::kConnect, 1, 0));
  t.on_open(open_event({1, 2, 2}, Role::kClient, ingest::OpenSource::kConnect, 1, 0));
  ConnClose close;
  close.key = {1, 1, 1};
  close.ts_ns = 100;
  t.on_close(close);
  EXPECT_EQ(t.expire(105), 0u) << "still lingering";
  EXPECT_EQ(t.expire(111), 1u);
  EXPECT_EQ(t.find({1, 1, 1}), nullptr);
  EXPECT_NE(t.find({1, 2, 2}), nullptr);
  EXPECT_EQ(t.expire(1001), 1u) << "idle past the timeout";
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.stats().expired_idle, 1u);
}

TEST(Tracker, CapEvictsTheLeastRecentlyActive) {
  TrackerLimits limits;
  limits.max_connections = 3;
  ConnectionTracker t(limits);
  for (int fd = 0; fd < 3; ++fd) t.on_open(open_event({1, fd, uint64_t(fd + 1)}, Role::kClient, ingest::OpenSource::kConnect, 1));
  t.on_data(data_event({1, 0, 1}, Direction::kEgress, 0, 1));  // fd 0 is now the most recent
  t.on_open(open_event({1, 9, 10}, Role::kClient, ingest::OpenSource::kConnect, 1));
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.find({1, 1, 2}), nullptr) << "fd 1 was the least recently active";
  EXPECT_NE(t.find({1, 0, 1}), nullptr);
  EXPECT_EQ(t.stats().evicted_cap, 1u);
}

}  // namespace
}  // namespace kotel::connections
