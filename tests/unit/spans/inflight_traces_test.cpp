// InflightTraces: served requests by (process, trace); what a call's own
// traceparent names among them.

#include "spans/inflight_traces.h"

#include <gtest/gtest.h>

namespace kotel::spans {
namespace {

LinkContext ctx(uint8_t trace, uint8_t span) {
  LinkContext c;
  c.trace_id[15] = trace;
  c.span_id[7] = span;
  return c;
}

LinkContext numbered(uint64_t n) {
  LinkContext c;
  for (int i = 0; i < 8; ++i) c.trace_id[8 + i] = static_cast<uint8_t>(n >> (8 * i));
  return c;
}

SpanId id(uint8_t v) {
  SpanId s{};
  s[7] = v;
  return s;
}

TEST(InflightTraces, OneRequestOfTheTraceInTheProcessIsTheMatch) {
  InflightTraces t;
  t.begin(10, 1, ctx(1, 0xa), id(0x99), 100);
  t.begin(10, 2, ctx(2, 0xb), id(0x98), 100);
  t.begin(11, 3, ctx(1, 0xc), id(0x97), 100);  // another process, same trace
  auto m = t.find(10, ctx(1, 0).trace_id, id(0x55));
  ASSERT_NE(m.only, nullptr);
  EXPECT_EQ(m.only->span_id, id(0xa));
  EXPECT_EQ(m.count, 1u);
  EXPECT_FALSE(m.names_known_span);
  EXPECT_TRUE(t.find(10, ctx(1, 0).trace_id, id(0x99)).names_known_span);  // the caller's id: forwarded
  EXPECT_TRUE(t.find(10, ctx(1, 0).trace_id, id(0xa)).names_known_span);   // kotel's own span id
  EXPECT_EQ(t.find(12, ctx(1, 0).trace_id, id(0x55)).count, 0u);
}

TEST(InflightTraces, TwoRequestsOfATraceAreNoMatchAndEndAndUpdateReindex) {
  InflightTraces t;
  t.begin(10, 1, ctx(1, 0xa), {}, 100);
  t.begin(10, 2, ctx(1, 0xb), {}, 100);
  auto m = t.find(10, ctx(1, 0).trace_id, id(0x55));
  EXPECT_EQ(m.only, nullptr);
  EXPECT_EQ(m.count, 2u);
  t.end(1);
  ASSERT_NE(t.find(10, ctx(1, 0).trace_id, id(0x55)).only, nullptr);
  t.update(2, ctx(3, 0xb));  // a late tuple link moved it to another trace
  EXPECT_EQ(t.find(10, ctx(1, 0).trace_id, id(0x55)).count, 0u);
  EXPECT_EQ(t.find(10, ctx(3, 0).trace_id, id(0x55)).count, 1u);
  t.end(2);
  EXPECT_EQ(t.size(), 0u);
}

TEST(InflightTraces, WhenFullOldRequestsGoAndTheRestIsCounted) {
  InflightTraces t;
  for (uint64_t i = 0; i < InflightTraces::kMaxRequests; ++i) t.begin(10, i, numbered(i + 100), {}, 0);
  t.begin(10, 1'000'000, ctx(2, 1), {}, 1);  // nothing old enough: refused
  EXPECT_EQ(t.forgotten(), 1u);
  EXPECT_EQ(t.find(10, ctx(2, 0).trace_id, {}).count, 0u);
  t.begin(10, 1'000'001, ctx(2, 1), {}, InflightTraces::kMaxAgeNs + 2);  // all the old ones go
  EXPECT_EQ(t.size(), 1u);
  EXPECT_EQ(t.forgotten(), 1u + InflightTraces::kMaxRequests);
  EXPECT_EQ(t.find(10, ctx(2, 0).trace_id, {}).count, 1u);
}

}  // namespace
}  // namespace kotel::spans
