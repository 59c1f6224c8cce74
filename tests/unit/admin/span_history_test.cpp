#include "admin/span_history.h"

#include <gtest/gtest.h>

#include "tests/unit/admin/span_entries.h"

namespace kotel::admin {
namespace {

using testing::entry;

TEST(EscapeBytes, KeepsPrintablesEscapesTheRestAndBounds) {
  EXPECT_EQ(escape_bytes("GET / HTTP/1.1\r\nHost: a\r\n", 100), "GET / HTTP/1.1\\r\\nHost: a\\r\\n");
  EXPECT_EQ(escape_bytes(std::string("a\0\xff\\", 4), 100), "a\\x00\\xff\\\\");
  EXPECT_EQ(escape_bytes("abcdef", 3), "abc");
}

TEST(SpanHistory, KeepsTheNewestAndFindsByTraceAndSpanWithParent) {
  SpanHistory h(3);
  for (uint8_t i = 1; i <= 4; ++i) h.add(entry(i < 3 ? 1 : 2, i, 10));
  EXPECT_EQ(h.size(), 3u);
  std::vector<uint8_t> span1(8, 0);
  span1[0] = 1;
  EXPECT_TRUE(h.find(span1).empty());  // overwritten
  std::vector<uint8_t> trace2(16, 0);
  trace2[0] = 2;
  auto found = h.find(trace2);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0]->span_id[0], 3);  // oldest first
  SpanEntry child = entry(2, 9, 5);
  child.parent_id[0] = 4;
  h.add(child);
  std::vector<uint8_t> span9(8, 0);
  span9[0] = 9;
  auto with_parent = h.find(span9);
  ASSERT_EQ(with_parent.size(), 2u);
  EXPECT_EQ(with_parent[1]->span_id[0], 4);
  EXPECT_TRUE(h.find({1, 2, 3}).empty());  // neither length
}

}  // namespace
}  // namespace kotel::admin
