#include "logs/line_assembler.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kotel::logs {
namespace {

struct Collected {
  std::vector<AssembledLine> lines;
  LineAssembler::Sink sink() {
    return [this](AssembledLine&& l) { lines.push_back(std::move(l)); };
  }
  std::vector<std::string> texts() const {
    std::vector<std::string> out;
    for (const auto& l : lines) out.push_back(l.text);
    return out;
  }
};

const std::string kStream = "first line\nsecond, longer line\r\n\nthird {\"a\":1}\n";
const std::vector<std::string> kLines = {"first line", "second, longer line", "third {\"a\":1}"};

// Every way of cutting the stream into two or three writes gives the same lines, once each.
TEST(LineAssembler, SplitAtEveryOffsetGivesTheSameLines) {
  for (size_t a = 0; a <= kStream.size(); ++a) {
    for (size_t b = a; b <= kStream.size(); ++b) {
      Collected c;
      LineAssembler asm_({}, c.sink());
      asm_.on_write(7, 70, 1, 1, std::string_view(kStream).substr(0, a), false);
      asm_.on_write(7, 71, 1, 2, std::string_view(kStream).substr(a, b - a), false);
      asm_.on_write(7, 72, 1, 3, std::string_view(kStream).substr(b), false);
      ASSERT_EQ(c.texts(), kLines) << "split at " << a << "," << b;
      for (const auto& l : c.lines) {
        EXPECT_TRUE(l.complete);
        EXPECT_FALSE(l.truncated);
      }
    }
  }
}

TEST(LineAssembler, LineKeepsTheThreadAndTimeOfItsFirstByte) {
  Collected c;
  LineAssembler asm_({}, c.sink());
  asm_.on_write(7, 70, 2, 100, "hel", false);
  asm_.on_write(7, 71, 2, 200, "lo\nnext", false);
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(c.lines[0].tid, 70u);
  EXPECT_EQ(c.lines[0].ts_ns, 100u);
  EXPECT_EQ(c.lines[0].fd, 2);
  asm_.on_write(7, 72, 2, 300, "\n", false);
  ASSERT_EQ(c.lines.size(), 2u);
  EXPECT_EQ(c.lines[1].text, "next");
  EXPECT_EQ(c.lines[1].tid, 71u);
  EXPECT_EQ(c.lines[1].ts_ns, 200u);
}

TEST(LineAssembler, StreamsOfProcessesAndFdsStayApart) {
  Collected c;
  LineAssembler asm_({}, c.sink());
  asm_.on_write(1, 1, 1, 1, "out-", false);
  asm_.on_write(1, 1, 2, 2, "err-", false);
  asm_.on_write(2, 2, 1, 3, "other-", false);
  asm_.on_write(1, 1, 1, 4, "a\n", false);
  asm_.on_write(1, 1, 2, 5, "b\n", false);
  asm_.on_write(2, 2, 1, 6, "c\n", false);
  EXPECT_EQ(c.texts(), (std::vector<std::string>{"out-a", "err-b", "other-c"}));
}

TEST(LineAssembler, LongLineIsCutAtTheCapAndTheRestDropped) {
  Collected c;
  LineAssembler::Limits limits;
  limits.max_line_bytes = 10;
  LineAssembler asm_(limits, c.sink());
  asm_.on_write(1, 1, 1, 1, "0123456", false);
  asm_.on_write(1, 1, 1, 2, "789abcdef", false);
  ASSERT_EQ(c.lines.size(), 1u);  // cut as soon as the cap is reached
  EXPECT_EQ(c.lines[0].text, "0123456789");
  EXPECT_TRUE(c.lines[0].truncated);
  asm_.on_write(1, 1, 1, 3, "ghij\nafter\n", false);
  ASSERT_EQ(c.lines.size(), 2u);
  EXPECT_EQ(c.lines[1].text, "after");
  EXPECT_FALSE(c.lines[1].truncated);
  EXPECT_EQ(asm_.stats().truncated, 1u);
}

TEST(LineAssembler, WriteCutByTheKernelEndsItsLineMarkedTruncated) {
  Collected c;
  LineAssembler asm_({}, c.sink());
  asm_.on_write(1, 1, 1, 1, "whole\npartial of a long wri", true);
  ASSERT_EQ(c.lines.size(), 2u);
  EXPECT_EQ(c.lines[0].text, "whole");
  EXPECT_FALSE(c.lines[0].truncated);
  EXPECT_EQ(c.lines[1].text, "partial of a long wri");
  EXPECT_TRUE(c.lines[1].truncated);
  asm_.on_write(1, 1, 1, 2, "next\n", false);
  EXPECT_EQ(c.lines.back().text, "next");
}

TEST(LineAssembler, PartialLineFlushedWhenIdleOrAtExit) {
  Collected c;
  LineAssembler::Limits limits;
  limits.idle_ns = 1000;
  LineAssembler asm_(limits, c.sink());
  asm_.on_write(1, 1, 1, 100, "prompt> ", false);
  asm_.tick(1099);
  EXPECT_TRUE(c.lines.empty());
  asm_.tick(1100);
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(c.lines[0].text, "prompt> ");
  EXPECT_FALSE(c.lines[0].complete);
  asm_.on_write(2, 2, 2, 2000, "dying words", false);
  asm_.on_exit(2);
  ASSERT_EQ(c.lines.size(), 2u);
  EXPECT_EQ(c.lines[1].text, "dying words");
  EXPECT_EQ(asm_.streams(), 1u);  // pid 1's stream stays; pid 2's is gone
  EXPECT_EQ(asm_.stats().partial_flushed, 2u);
}

TEST(LineAssembler, TableFullFlushesTheOldestStream) {
  Collected c;
  LineAssembler::Limits limits;
  limits.max_streams = 2;
  LineAssembler asm_(limits, c.sink());
  asm_.on_write(1, 1, 1, 1, "one", false);
  asm_.on_write(2, 2, 1, 2, "two", false);
  asm_.on_write(3, 3, 1, 3, "three", false);
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(c.lines[0].text, "one");
  EXPECT_EQ(asm_.streams(), 2u);
  EXPECT_EQ(asm_.stats().evicted, 1u);
}

TEST(LineAssembler, BlankLinesMakeNoRecord) {
  Collected c;
  LineAssembler asm_({}, c.sink());
  asm_.on_write(1, 1, 1, 1, "\n\r\n  \nx\n", false);
  EXPECT_EQ(c.texts(), std::vector<std::string>{"x"});
}

}  // namespace
}  // namespace kotel::logs
