// Real TCP traffic over loopback against the real BPF programs: the events
// must say who (pid, tid, fd), where (4-tuple), what (bytes, payload) and which
// generation of the fd.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include <map>
#include <thread>

#include "event_queries.h"
#include "loopback.h"
#include "traced_session.h"

extern "C" {
#include "kotel/events.h"
}

namespace kotel::testing {
namespace {

using ingest::Direction;
using ingest::Role;

uint32_t self_tid() { return static_cast<uint32_t>(syscall(SYS_gettid)); }

// Every test runs against both socket I/O alternatives: the socket tracepoints
// (preferred) and the raw_tp/sys_exit fallback. One loaded session per mode.
class SocketEvents : public ::testing::TestWithParam<probes::IoHooks> {
 protected:
  static void TearDownTestSuite() {
    for (auto& [mode, s] : sessions_) delete s;
    sessions_.clear();
  }
  void SetUp() override {
    auto opts = TracedSession::this_process_only();
    opts.io_hooks = GetParam();
    auto& slot = sessions_[GetParam()];
    if (!slot) slot = open_session_or_fail(opts).release();  // records the fail/skip with its reason
    session_ = slot;
    if (!session_) return;
    ASSERT_EQ(session_->probes().io_hooks(), GetParam());
    // Each test looks only at its own events (earlier tests used the same fd numbers).
    session_->drain();
    session_->clear();
  }
  bool socket_mode() const { return GetParam() == probes::IoHooks::kSocket; }

  TracedSession* session_ = nullptr;
  static std::map<probes::IoHooks, TracedSession*> sessions_;
};
std::map<probes::IoHooks, TracedSession*> SocketEvents::sessions_;

#define REQUIRE_SESSION() \
  if (!session_) return

TEST_P(SocketEvents, ClientAndServerSeeOneConversation) {
  REQUIRE_SESSION();
  Listener l = listen_loopback();
  const std::string request = "GET /kotel HTTP/1.1\r\nHost: test\r\n\r\n";
  const std::string response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
  int client_fd = -1;
  uint32_t client_tid = 0;
  std::thread client([&] {
    client_tid = self_tid();
    Fd c = connect_loopback(l);
    client_fd = c.get();
    write_all(c.get(), request);
    char buf[256];
    ssize_t n = recvfrom(c.get(), buf, sizeof(buf), 0, nullptr, nullptr);
    ASSERT_EQ(n, static_cast<ssize_t>(response.size()));
  });
  Fd s = accept_one(l);
  ASSERT_EQ(read_exactly(s.get(), request.size()), request);
  ASSERT_EQ(sendto(s.get(), response.data(), response.size(), 0, nullptr, 0), static_cast<ssize_t>(response.size()));
  client.join();
  int server_fd = s.get();
  s.reset();

  auto& ev = session_->events();
  ASSERT_TRUE(session_->wait_for([&](auto& evs) {
    auto c = open_for_fd(evs, client_fd), sv = open_for_fd(evs, server_fd);
    return c && sv && close_of(evs, sv->key) && bytes_of(evs, c->key, Direction::kIngress) == response.size();
  })) << "events for the exchange did not all arrive";

  auto c = *open_for_fd(ev, client_fd);
  auto sv = *open_for_fd(ev, server_fd);
  EXPECT_EQ(c.role, Role::kClient);
  EXPECT_EQ(c.source, socket_mode() ? ingest::OpenSource::kActive : ingest::OpenSource::kConnect);
  EXPECT_EQ(c.tid, client_tid);
  EXPECT_EQ(sv.role, Role::kServer);
  EXPECT_EQ(sv.source, socket_mode() ? ingest::OpenSource::kPassive : ingest::OpenSource::kAccept);
  EXPECT_EQ(sv.tid, self_tid());
  EXPECT_NE(c.key.gen, sv.key.gen);
  // The two ends mirror each other.
  EXPECT_EQ(c.tuple.remote.port, l.port);
  EXPECT_EQ(sv.tuple.local.port, l.port);
  EXPECT_EQ(c.tuple.local, sv.tuple.remote);
  EXPECT_EQ(c.tuple.remote, sv.tuple.local);
  EXPECT_EQ(c.tuple.family, AF_INET);
  const uint8_t v4mapped_lo[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
  EXPECT_EQ(0, memcmp(c.tuple.local.addr.data(), v4mapped_lo, 16));

  auto out = data_of(ev, c.key, Direction::kEgress);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].payload, request);
  EXPECT_EQ(out[0].bytes, request.size());
  EXPECT_EQ(out[0].position, 0u);
  EXPECT_EQ(out[0].call, ingest::DataCall::kWrite);
  EXPECT_EQ(out[0].tid, client_tid);
  auto in = data_of(ev, sv.key, Direction::kIngress);
  ASSERT_FALSE(in.empty());
  EXPECT_EQ(in[0].call, ingest::DataCall::kRead);
  std::string reassembled;
  for (const auto& d : in) reassembled += d.payload;
  EXPECT_EQ(reassembled, request);
  auto reply = data_of(ev, c.key, Direction::kIngress);
  ASSERT_EQ(reply.size(), 1u);
  EXPECT_EQ(reply[0].call, ingest::DataCall::kRecvfrom);
  EXPECT_EQ(reply[0].payload, response);

  auto closed = close_of(ev, sv.key);
  // On loopback the final ACK may land inside close() itself, so with syscall
  // hooks either the TCP CLOSE or the close() exit ends the generation first.
  EXPECT_TRUE(closed->reason == ingest::CloseReason::kTcp || (!socket_mode() && closed->reason == ingest::CloseReason::kSyscall))
      << int(closed->reason);
  EXPECT_EQ(closed->bytes_ingress, request.size());
  EXPECT_EQ(closed->bytes_egress, response.size());
}

TEST_P(SocketEvents, VectorCallsCarryTheirPayloadInOrder) {
  REQUIRE_SESSION();
  Listener l = listen_loopback();
  Fd c = connect_loopback(l);
  Fd s = accept_one(l);
  std::string a = "POST /v HTTP/1.1\r\n", b = "Content-Length: 5\r\n\r\n", body = "hello";
  iovec iov[3] = {{a.data(), a.size()}, {b.data(), b.size()}, {body.data(), body.size()}};
  ASSERT_EQ(writev(c.get(), iov, 3), static_cast<ssize_t>(a.size() + b.size() + body.size()));
  std::string got = read_exactly(s.get(), a.size() + b.size() + body.size());
  // sendmsg / recvmsg the other way.
  std::string reply = "HTTP/1.1 204 No Content\r\n\r\n";
  iovec r_iov{reply.data(), reply.size()};
  msghdr msg{};
  msg.msg_iov = &r_iov;
  msg.msg_iovlen = 1;
  ASSERT_EQ(sendmsg(s.get(), &msg, 0), static_cast<ssize_t>(reply.size()));
  char buf1[10], buf2[100];
  iovec in_iov[2] = {{buf1, sizeof(buf1)}, {buf2, reply.size() - sizeof(buf1)}};  // exactly the reply
  msghdr in_msg{};
  in_msg.msg_iov = in_iov;
  in_msg.msg_iovlen = 2;
  ASSERT_EQ(recvmsg(c.get(), &in_msg, MSG_WAITALL), static_cast<ssize_t>(reply.size()));

  ASSERT_TRUE(session_->wait_for(bytes_reach(c.get(), Direction::kIngress, reply.size())));
  auto co = *open_for_fd(session_->events(), c.get());
  auto out = data_of(session_->events(), co.key, Direction::kEgress);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].call, ingest::DataCall::kWritev);
  EXPECT_EQ(out[0].payload, a + b + body);
  auto in = data_of(session_->events(), co.key, Direction::kIngress);
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].call, ingest::DataCall::kRecvmsg);
  EXPECT_EQ(in[0].payload, reply);  // split over two iovecs, reassembled
}

TEST_P(SocketEvents, SendmmsgBytesAreExact) {
  REQUIRE_SESSION();
  Listener l = listen_loopback();
  Fd c = connect_loopback(l);
  Fd s = accept_one(l);
  std::string m1 = "abc", m2 = "defg";
  iovec v1{m1.data(), m1.size()}, v2{m2.data(), m2.size()};
  mmsghdr msgs[2] = {};
  msgs[0].msg_hdr.msg_iov = &v1;
  msgs[0].msg_hdr.msg_iovlen = 1;
  msgs[1].msg_hdr.msg_iov = &v2;
  msgs[1].msg_hdr.msg_iovlen = 1;
  ASSERT_EQ(sendmmsg(c.get(), msgs, 2, 0), 2);
  EXPECT_EQ(read_exactly(s.get(), 7), "abcdefg");
  ASSERT_TRUE(session_->wait_for(bytes_reach(c.get(), Direction::kEgress, 7))) << "sendmmsg's bytes were expected to add up to 7";
  auto o = *open_for_fd(session_->events(), c.get());
  for (const auto& d : data_of(session_->events(), o.key, Direction::kEgress)) {
    EXPECT_EQ(d.call, ingest::DataCall::kSendmmsg);
    if (!socket_mode()) {
      EXPECT_EQ(d.payload, "abc") << "syscall hooks copy the first message";
    }
  }
}

TEST_P(SocketEvents, LargeWritesKeepExactBytesAndTruncatePayload) {
  REQUIRE_SESSION();
  Listener l = listen_loopback();
  Fd c = connect_loopback(l);
  Fd s = accept_one(l);
  std::string big(200000, 'x');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
  std::thread writer([&] { write_all(c.get(), big); });
  std::string got = read_exactly(s.get(), big.size());
  writer.join();
  ASSERT_EQ(got, big);

  ASSERT_TRUE(session_->wait_for(bytes_reach(s.get(), Direction::kIngress, big.size()))) << "ingress bytes did not add up to what was read";
  auto so = *open_for_fd(session_->events(), s.get());
  uint64_t expected_pos = 0;
  for (const auto& d : data_of(session_->events(), so.key, Direction::kIngress)) {
    EXPECT_EQ(d.position, expected_pos) << "positions are contiguous when nothing is lost";
    expected_pos += d.bytes;
    EXPECT_EQ(d.payload.size(), std::min<uint64_t>(d.bytes, KOTEL_PAYLOAD_DEFAULT));
    EXPECT_EQ(d.payload, big.substr(d.position, d.payload.size()));
    EXPECT_EQ(d.flags.truncated, d.bytes > KOTEL_PAYLOAD_DEFAULT);
  }
}

TEST_P(SocketEvents, ReusedFdStartsANewGeneration) {
  REQUIRE_SESSION();
  Listener l = listen_loopback();
  Fd first = connect_loopback(l);
  Fd a1 = accept_one(l);
  write_all(first.get(), "one");
  int fd = first.get();
  first.reset();
  Fd second = connect_loopback(l);  // lowest free fd: the same number
  ASSERT_EQ(second.get(), fd);
  Fd a2 = accept_one(l);
  write_all(second.get(), "two");

  // dup2 over a live connection's fd: the kernel sees another file behind it.
  Fd third = connect_loopback(l);
  Fd a3 = accept_one(l);
  write_all(third.get(), "three");
  ASSERT_EQ(dup2(second.get(), third.get()), third.get());
  write_all(third.get(), "four");  // goes to the second connection

  ASSERT_TRUE(session_->wait_for([&](auto& evs) {
    int n = 0;
    for (const auto& e : evs)
      if (auto* d = std::get_if<ingest::Data>(&e); d && d->key.pid == self_pid() && d->payload == "four") ++n;
    return n == 1;
  }));
  const auto& ev = session_->events();
  std::vector<ingest::ConnOpen> opens;
  for (const auto& e : ev)
    if (auto* o = std::get_if<ingest::ConnOpen>(&e); o && o->key.pid == self_pid() && o->key.fd == fd) opens.push_back(*o);
  ASSERT_GE(opens.size(), 2u);
  EXPECT_NE(opens[0].key.gen, opens[1].key.gen);
  auto first_close = close_of(ev, opens[0].key);
  ASSERT_TRUE(first_close);
  // Socket hooks see no close(): the peer is still open, so the socket lingers
  // in FIN_WAIT2 and the next socket on the fd ends the generation.
  EXPECT_EQ(first_close->reason, socket_mode() ? ingest::CloseReason::kFdReused : ingest::CloseReason::kSyscall);
  EXPECT_EQ(first_close->bytes_egress, 3u);

  // The dup2'd fd: the old generation closes as "fd reused", a discovered one follows.
  std::vector<ingest::ConnOpen> third_opens;
  for (const auto& e : ev)
    if (auto* o = std::get_if<ingest::ConnOpen>(&e); o && o->key.pid == self_pid() && o->key.fd == third.get())
      third_opens.push_back(*o);
  ASSERT_EQ(third_opens.size(), 2u);
  auto reused = close_of(ev, third_opens[0].key);
  ASSERT_TRUE(reused);
  EXPECT_EQ(reused->reason, ingest::CloseReason::kFdReused);
  EXPECT_EQ(reused->bytes_egress, 5u);
  // First seen in a write, but the kernel saw its handshake: an active open.
  EXPECT_EQ(third_opens[1].source, ingest::OpenSource::kActive);
  EXPECT_EQ(third_opens[1].role, Role::kClient);
  EXPECT_EQ(third_opens[1].tuple, opens[1].tuple) << "the new generation is the second connection";
}

TEST_P(SocketEvents, Ipv6AndV4MappedTuples) {
  REQUIRE_SESSION();
  Listener l6 = listen_loopback(AF_INET6);
  Fd c6 = connect_loopback(l6, AF_INET6);
  Fd s6 = accept_one(l6);
  write_all(c6.get(), "v6");
  Listener l4 = listen_loopback(AF_INET);
  Fd cm = connect_loopback(l4, AF_INET6, /*v4_mapped=*/true);
  Fd sm = accept_one(l4);
  write_all(cm.get(), "mapped");

  ASSERT_TRUE(session_->wait_for([&](auto& evs) { return open_for_fd(evs, c6.get()) && open_for_fd(evs, cm.get()); }));
  auto o6 = *open_for_fd(session_->events(), c6.get());
  EXPECT_EQ(o6.tuple.family, AF_INET6);
  EXPECT_EQ(0, memcmp(o6.tuple.remote.addr.data(), &in6addr_loopback, 16));
  EXPECT_EQ(o6.tuple.remote.port, l6.port);
  auto om = *open_for_fd(session_->events(), cm.get());
  EXPECT_EQ(om.tuple.family, AF_INET6);
  const uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
  EXPECT_EQ(0, memcmp(om.tuple.remote.addr.data(), mapped, 16));
}

TEST_P(SocketEvents, NonSocketAndUdpFdsProduceNothing) {
  REQUIRE_SESSION();
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  Fd r(p[0]), w(p[1]);
  write_all(w.get(), "pipe data");
  read_exactly(r.get(), 9);
  Fd udp(socket(AF_INET, SOCK_DGRAM, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(9);
  sendto(udp.get(), "u", 1, 0, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  // A marker TCP write afterwards: once it is seen, anything earlier has been seen too.
  Listener l = listen_loopback();
  Fd c = connect_loopback(l);
  Fd s = accept_one(l);
  write_all(c.get(), "marker");
  ASSERT_TRUE(session_->wait_for(bytes_reach(c.get(), Direction::kEgress, 6)));
  for (const auto& e : session_->events()) {
    if (auto* d = std::get_if<ingest::Data>(&e)) {
      EXPECT_NE(d->key.fd, r.get());
      EXPECT_NE(d->key.fd, w.get());
      EXPECT_NE(d->key.fd, udp.get());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(IoHooks, SocketEvents, ::testing::Values(probes::IoHooks::kSocket, probes::IoHooks::kSyscall),
                         [](const auto& info) { return info.param == probes::IoHooks::kSocket ? "socket" : "syscall"; });

}  // namespace
}  // namespace kotel::testing
