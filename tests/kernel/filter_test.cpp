// In-kernel filters: what they exclude never reaches userspace; a muted
// connection keeps exact byte counts without payload copies.

#include <gtest/gtest.h>

#include "event_queries.h"
#include "loopback.h"
#include "traced_session.h"


namespace kotel::testing {
namespace {

using ingest::Direction;

// Two connections, one on each listener; a marker write on the kept one last.
struct TwoConnections {
  Listener kept_l = listen_loopback(), other_l = listen_loopback();
  Fd other_c = connect_loopback(other_l);
  Fd other_s = accept_one(other_l);
  Fd kept_c = connect_loopback(kept_l);
  Fd kept_s = accept_one(kept_l);
  void talk() {
    write_all(other_c.get(), "not wanted");
    write_all(kept_c.get(), "wanted");
  }
};

bool saw_fd(const std::vector<ingest::Event>& evs, int fd) {
  for (const auto& e : evs)
    if (auto* d = std::get_if<ingest::Data>(&e); d && d->key.pid == self_pid() && d->key.fd == fd) return true;
  return open_for_fd(evs, fd).has_value();
}

TEST(Filters, IncludePortKeepsOnlyThatPort) {
  auto opts = TracedSession::this_process_only();
  TwoConnections t;
  opts.ports = {t.kept_l.port};
  auto session = open_session_or_fail(opts);
  if (!session) return;
  // Fresh connections so their opens happen under the filter.
  Fd kc = connect_loopback(t.kept_l), ks = accept_one(t.kept_l);
  Fd oc = connect_loopback(t.other_l), os = accept_one(t.other_l);
  write_all(oc.get(), "not wanted");
  write_all(kc.get(), "wanted");
  ASSERT_TRUE(session->wait_for(bytes_reach(kc.get(), Direction::kEgress, 6)));
  EXPECT_FALSE(saw_fd(session->events(), oc.get()));
  EXPECT_FALSE(saw_fd(session->events(), os.get()));
  EXPECT_GE(session->probes().read_counters().at(probes::KernelCounter::kConnFiltered), 1u) << "the writer's end was filtered";
}

TEST(Filters, ExcludePortDropsThatPort) {
  TwoConnections t;
  auto opts = TracedSession::this_process_only();
  opts.exclude_ports = {t.other_l.port};
  auto session = open_session_or_fail(opts);
  if (!session) return;
  t.talk();  // connections opened before load: discovered on first data, then filtered
  ASSERT_TRUE(session->wait_for(bytes_reach(t.kept_c.get(), Direction::kEgress, 6)));
  EXPECT_EQ(open_for_fd(session->events(), t.kept_c.get())->source, ingest::OpenSource::kDiscovered);
  EXPECT_FALSE(saw_fd(session->events(), t.other_c.get()));
}

TEST(Filters, ExcludedPidSeesNothing) {
  auto opts = TracedSession::this_process_only();
  opts.pids.clear();
  opts.exclude_pids = {self_pid()};
  auto session = open_session_or_fail(opts);
  if (!session) return;
  TwoConnections t;
  t.talk();
  // Another process's exit is a marker that the pipe is flowing.
  pid_t child = fork();
  if (child == 0) _exit(0);
  ASSERT_TRUE(session->wait_for([&](auto&) {
    for (const auto& e : session->all<ingest::ProcExit>())
      if (e.pid == static_cast<uint32_t>(child)) return true;
    return false;
  }));
  session->drain();
  for (const auto& e : session->events()) {
    if (auto* d = std::get_if<ingest::Data>(&e)) {
      EXPECT_NE(d->key.pid, self_pid());
    }
    if (auto* o = std::get_if<ingest::ConnOpen>(&e)) {
      EXPECT_NE(o->key.pid, self_pid());
    }
  }
}

TEST(Filters, MutedConnectionKeepsBytesWithoutPayload) {
  auto session = open_session_or_fail(TracedSession::this_process_only());
  if (!session) return;
  Listener l = listen_loopback();
  Fd c = connect_loopback(l);
  Fd s = accept_one(l);
  write_all(c.get(), "first");
  ASSERT_TRUE(session->wait_for(bytes_reach(c.get(), Direction::kEgress, 5)));
  auto key = open_for_fd(session->events(), c.get())->key;
  session->probes().mute_payload(key.gen);
  write_all(c.get(), "second!");
  ASSERT_TRUE(session->wait_for([&](auto& evs) { return bytes_of(evs, key, Direction::kEgress) == 12; }));
  auto out = data_of(session->events(), key, Direction::kEgress);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].payload, "first");
  EXPECT_EQ(out[1].payload, "");
  EXPECT_TRUE(out[1].flags.no_payload);
  EXPECT_EQ(out[1].position, 5u);
  EXPECT_EQ(out[1].bytes, 7u);
}

}  // namespace
}  // namespace kotel::testing
