#include "admin/top_table.h"

#include <gtest/gtest.h>

#include "kotel/admin/v1/admin.pb.h"
#include "tests/unit/admin/span_entries.h"

namespace kotel::admin {
namespace {

using testing::entry;

TEST(TopTable, RatesErrorsAndQuantilesPerServiceThenAFreshWindow) {
  TopTable t;
  for (uint64_t i = 1; i <= 100; ++i)
    t.add(entry(1, 1, i * 1'000'000, "a", i % 10 == 0 ? spans::StatusCode::kError : spans::StatusCode::kOk));
  t.add(entry(1, 1, 5'000'000, "b"));
  v1::TopFrame f;
  t.take_frame(2'000'000'000, &f);
  ASSERT_EQ(f.rows_size(), 2);
  EXPECT_EQ(f.rows(0).service(), "a");
  EXPECT_DOUBLE_EQ(f.rows(0).requests_per_s(), 50.0);
  EXPECT_DOUBLE_EQ(f.rows(0).error_pct(), 10.0);
  EXPECT_DOUBLE_EQ(f.rows(0).p50_ms(), 50.0);
  EXPECT_DOUBLE_EQ(f.rows(0).p99_ms(), 99.0);
  v1::TopFrame next;
  t.take_frame(1'000'000'000, &next);
  ASSERT_EQ(next.rows_size(), 2);  // quiet services stay, at zero
  EXPECT_EQ(next.rows(0).requests(), 0u);
}

}  // namespace
}  // namespace kotel::admin
