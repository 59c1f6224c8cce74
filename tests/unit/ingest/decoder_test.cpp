#include "ingest/decoder.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "tests/support/random_input.h"

extern "C" {
#include "kotel/events.h"
}

namespace kotel::ingest {
namespace {

template <typename T>
std::vector<std::byte> bytes_of(const T& v, const std::string& tail = "") {
  std::vector<std::byte> out(sizeof(T) + tail.size());
  std::memcpy(out.data(), &v, sizeof(T));
  std::memcpy(out.data() + sizeof(T), tail.data(), tail.size());
  return out;
}

kotel_data_event data_record(const std::string& payload) {
  kotel_data_event ev{};
  ev.hdr.type = KOTEL_EV_DATA;
  ev.hdr.size = static_cast<uint16_t>(sizeof(ev) + payload.size());
  ev.hdr.ts_ns = 42;
  ev.id = {100, 7, 9};
  ev.tid = 101;
  ev.direction = KOTEL_DIR_INGRESS;
  ev.call = KOTEL_CALL_RECVMSG;
  ev.flags = KOTEL_DATA_TRUNCATED;
  ev.position = 1000;
  ev.bytes = 5000;
  ev.payload_len = static_cast<uint32_t>(payload.size());
  return ev;
}

TEST(Decoder, DataRecordWithPayload) {
  auto rec = bytes_of(data_record("GET / HTTP/1.1\r\n"), "GET / HTTP/1.1\r\n");
  auto ev = decode(rec);
  ASSERT_TRUE(ev.ok()) << ev.error();
  const auto& d = std::get<Data>(ev.value());
  EXPECT_EQ(d.key, (ConnKey{100, 7, 9}));
  EXPECT_EQ(d.tid, 101u);
  EXPECT_EQ(d.direction, Direction::kIngress);
  EXPECT_EQ(d.position, 1000u);
  EXPECT_EQ(d.bytes, 5000u);
  EXPECT_EQ(d.payload, "GET / HTTP/1.1\r\n");
  EXPECT_EQ(event_ts(ev.value()), 42u);
}

TEST(Decoder, PerfPaddingAfterTheRecordIsIgnored) {
  auto rec = bytes_of(data_record("abc"), std::string("abc") + std::string(5, '\0'));
  auto ev = decode(rec);
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(std::get<Data>(ev.value()).payload, "abc");
}

TEST(Decoder, PayloadLongerThanRecordIsRejected) {
  auto ev = data_record("abcdef");
  auto rec = bytes_of(ev, "abc");  // claims 6, carries 3
  ev.hdr.size = static_cast<uint16_t>(rec.size());
  std::memcpy(rec.data(), &ev, sizeof(ev));
  auto out = decode(rec);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().find("payload_len"), std::string::npos);
}

TEST(Decoder, EveryTruncationOfEveryRecordIsAnErrorNotACrash) {
  kotel_conn_open_event open{};
  open.hdr = {KOTEL_EV_CONN_OPEN, sizeof(open), 0, 1};
  kotel_proc_exec_event exec{};
  exec.hdr = {KOTEL_EV_PROC_EXEC, sizeof(exec), 0, 1};
  for (const auto& rec : {bytes_of(open), bytes_of(exec), bytes_of(data_record("xyz"), "xyz")}) {
    ASSERT_TRUE(decode(rec).ok());
    for (size_t cut = 0; cut < rec.size(); ++cut) {
      auto out = decode(std::span(rec).first(cut));
      EXPECT_FALSE(out.ok()) << "cut at " << cut;
    }
  }
}

TEST(Decoder, UnknownTypeIsAnError) {
  kotel_event_header h{999, sizeof(h), 0, 0};
  auto out = decode(bytes_of(h));
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().find("unknown event type 999"), std::string::npos);
}

TEST(Decoder, ConnOpenTupleAndExecStrings) {
  kotel_conn_open_event open{};
  open.hdr = {KOTEL_EV_CONN_OPEN, sizeof(open), 1, 5};
  open.id = {1, 3, 77};
  open.role = KOTEL_ROLE_SERVER;
  open.tuple.sport = 8080;
  open.tuple.dport = 51000;
  open.tuple.family = 2;
  open.tuple.saddr[15] = 1;
  auto o = decode(bytes_of(open));
  ASSERT_TRUE(o.ok());
  const auto& c = std::get<ConnOpen>(o.value());
  EXPECT_EQ(c.role, Role::kServer);
  EXPECT_EQ(c.tuple.local.port, 8080);
  EXPECT_EQ(c.tuple.remote.port, 51000);
  EXPECT_EQ(c.tuple.local.addr[15], 1);

  kotel_proc_exec_event exec{};
  exec.hdr = {KOTEL_EV_PROC_EXEC, sizeof(exec), 0, 1};
  std::memset(exec.comm, 'c', sizeof(exec.comm));  // no terminator: must stay bounded
  std::strcpy(exec.filename, "/usr/bin/curl");
  auto e = decode(bytes_of(exec));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(std::get<ProcExec>(e.value()).comm, std::string(16, 'c'));
  EXPECT_EQ(std::get<ProcExec>(e.value()).filename, "/usr/bin/curl");
}

TEST(Decoder, UserProbeArgumentsBoundedAndUnknownProbesRefused) {
  kotel_user_probe_event ev{};
  ev.hdr = {KOTEL_EV_USER_PROBE, sizeof(ev), 0, 900};
  ev.pid = 10;
  ev.tid = 11;
  ev.start_ns = 400;
  ev.probe = 3;
  ev.ret = -7;
  ev.ints[0] = 42;
  std::strcpy(ev.strs[1], "sku-1");
  std::memset(ev.strs[2], 'x', sizeof(ev.strs[2]));  // no terminator: must stay bounded
  auto out = decode(bytes_of(ev));
  ASSERT_TRUE(out.ok()) << out.error();
  const auto& h = std::get<UserProbeHit>(out.value());
  EXPECT_EQ(h.ts_ns, 900u);
  EXPECT_EQ(h.start_ns, 400u);
  EXPECT_EQ(h.probe, 3u);
  EXPECT_EQ(h.ret, -7);
  EXPECT_EQ(h.ints[0], 42);
  EXPECT_EQ(h.strs[1], "sku-1");
  EXPECT_EQ(h.strs[2], std::string(KOTEL_USER_STR_LEN, 'x'));
  EXPECT_EQ(event_kind_name(event_kind(out.value())), std::string("user"));
  auto whole = bytes_of(ev);
  for (size_t cut = 0; cut < sizeof(ev); ++cut) EXPECT_FALSE(decode(std::span(whole).first(cut)).ok());
  ev.probe = KOTEL_USER_PROBES_MAX;
  EXPECT_FALSE(decode(bytes_of(ev)).ok());
}

// Garbage in: every record gets an answer, never a crash (deterministic seed).
TEST(Decoder, AnswersEveryRandomRecord) {
  std::mt19937 rng(1234);
  size_t ok = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string rec = testing::random_bytes(rng, 400);
    if (rec.size() >= sizeof(kotel_event_header)) {  // half the time, a plausible header
      kotel_event_header h{static_cast<uint16_t>(1 + i % 8), static_cast<uint16_t>(rec.size()), 0, 0};
      if (i % 2) std::memcpy(rec.data(), &h, sizeof(h));
    }
    auto ev = decode(std::span(reinterpret_cast<const std::byte*>(rec.data()), rec.size()));
    ok += ev.ok();
  }
  EXPECT_GT(ok, 0u) << "some plausible records decode";
}

}  // namespace
}  // namespace kotel::ingest
