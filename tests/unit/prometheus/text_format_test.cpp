#include "exporters/prometheus/text_format.h"

#include <gtest/gtest.h>

namespace kotel::prometheus {
namespace {

TEST(TextFormat, FamiliesWithAndWithoutLabels) {
  std::vector<MetricFamily> f = {
      {"kotel_records_total", "Records read.", MetricType::kCounter, {Sample{{}, 42}}},
      {"kotel_hook_state",
       "Hook states.",
       MetricType::kGauge,
       {Sample{{{"hook", "raw_tp/sys_exit"}, {"state", "attached"}}, 1}, Sample{{{"hook", "x"}, {"state", "y"}}, 0.5}}},
  };
  EXPECT_EQ(render(f),
            "# HELP kotel_records_total Records read.\n"
            "# TYPE kotel_records_total counter\n"
            "kotel_records_total 42\n"
            "# HELP kotel_hook_state Hook states.\n"
            "# TYPE kotel_hook_state gauge\n"
            "kotel_hook_state{hook=\"raw_tp/sys_exit\",state=\"attached\"} 1\n"
            "kotel_hook_state{hook=\"x\",state=\"y\"} 0.5\n");
}

TEST(TextFormat, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(escape_help("line\\one\ntwo"), "line\\\\one\\ntwo");
}

TEST(TextFormat, LargeCountersStayIntegers) {
  std::vector<MetricFamily> f = {{"big_total", "b", MetricType::kCounter, {Sample{{}, 123456789012.0}}}};
  EXPECT_NE(render(f).find("big_total 123456789012\n"), std::string::npos);
}

}  // namespace
}  // namespace kotel::prometheus
