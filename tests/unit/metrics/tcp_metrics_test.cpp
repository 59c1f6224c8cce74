#include "metrics/tcp_metrics.h"

#include <gtest/gtest.h>

namespace kotel::metrics {
namespace {

std::shared_ptr<const model::Resource> process(uint32_t pid) {
  auto r = std::make_shared<model::Resource>();
  r->service_name = "curl";
  r->service_instance_id = "p" + std::to_string(pid);
  r->pid = pid;
  r->host_name = "node-1";
  return r;
}

TEST(TcpMetrics, ShortLivedProcessesShareAServiceSeriesThatExpiresWhenQuietAndClosed) {
  uint64_t now = 1'000'000'000'000;
  TcpMetrics m(2000, [&] { return now; });
  for (uint32_t pid = 1; pid <= 300; ++pid) m.record(process(pid), "10.0.0.1", TcpEvent::kConnectOk);
  EXPECT_EQ(m.series(), 1u);
  EXPECT_EQ(m.snapshot()[0].counters.connect_attempts, 300u);
  // An open connection keeps its series whatever the time.
  uint64_t opened = now;
  m.on_tick({OpenConnection{process(301), "10.0.0.2", 10, 20}});
  uint64_t stale = 300'000'000'000;
  now += stale;
  EXPECT_EQ(m.expire(now, stale, now), 1u) << "the quiet one goes, the open one stays";
  EXPECT_EQ(m.series(), 1u);
  m.on_tick({});  // closed
  now += stale;
  EXPECT_EQ(m.expire(now, stale, opened - 1), 0u) << "not exported since its last change";
  EXPECT_EQ(m.expire(now, stale, now), 1u);
  EXPECT_EQ(m.series(), 0u);
  EXPECT_EQ(m.expired(), 2u);
}

}  // namespace
}  // namespace kotel::metrics
