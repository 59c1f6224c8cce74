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

// OpenMetrics names a counter family without _total (its sample keeps it),
// appends exemplars after " # ", and ends with # EOF; the 0.0.4 text drops exemplars.
TEST(OpenMetrics, CounterFamilyNamesExemplarsAndEof) {
  Sample bucket{{{"le", "0.1"}}, 3, "_bucket"};
  bucket.exemplar = R"({trace_id="0af7",span_id="b7ad"} 0.042 1700000000.500)";
  std::vector<MetricFamily> f = {
      {"kotel_records_total", "Records read.", MetricType::kCounter, {Sample{{}, 42}}},
      {"d_seconds", "D.", MetricType::kHistogram, {bucket}},
  };
  EXPECT_EQ(render(f, Format::kOpenMetrics),
            "# HELP kotel_records Records read.\n"
            "# TYPE kotel_records counter\n"
            "kotel_records_total 42\n"
            "# HELP d_seconds D.\n"
            "# TYPE d_seconds histogram\n"
            "d_seconds_bucket{le=\"0.1\"} 3 # {trace_id=\"0af7\",span_id=\"b7ad\"} 0.042 1700000000.500\n"
            "# EOF\n");
  EXPECT_EQ(render(f).find(" # "), std::string::npos);
}

TEST(OpenMetrics, NegotiatedFromTheAcceptHeader) {
  // What Prometheus 2.x sends.
  EXPECT_EQ(negotiate("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                      "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
            Format::kOpenMetrics);
  EXPECT_EQ(negotiate("text/plain"), Format::kText);
  EXPECT_EQ(negotiate(""), Format::kText);
}

}  // namespace
}  // namespace kotel::prometheus
