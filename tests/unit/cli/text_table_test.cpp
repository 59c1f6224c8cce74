#include "cli/text_table.h"

#include <gtest/gtest.h>

namespace kotel::cli {
namespace {

TEST(TextTable, AlignsColumnsWithoutTrailingSpaces) {
  TextTable t({"A", "LONGER"});
  t.add({"wide cell", "x"});
  EXPECT_EQ(t.render(), "A          LONGER\nwide cell  x\n");
  EXPECT_EQ(human_bytes(512), "512");
  EXPECT_EQ(human_bytes(1536), "1.5K");
  EXPECT_EQ(human_duration(850'000), "850us");
  EXPECT_EQ(human_duration(12'340'000), "12.3ms");
}

}  // namespace
}  // namespace kotel::cli
