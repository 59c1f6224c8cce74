#include "logs/severity.h"

#include <gtest/gtest.h>

#include "tests/unit/logs/severity_cases.h"

namespace kotel::logs {
namespace {

TEST(Severity, TextLayouts) {
  for (const auto& c : testing::kTextLayouts) {
    Severity s = text_severity(c.line, c.timestamp_bytes);
    EXPECT_EQ(s.number, c.number) << c.line;
    EXPECT_EQ(s.text, c.text) << c.line;
  }
}

TEST(Severity, PlainWordsInTheMessageAreNotLevels) {
  for (const auto& c : testing::kNoLevel) EXPECT_EQ(text_severity(c.line, c.timestamp_bytes).number, 0) << c.line;
}

TEST(Severity, NumbersAndNames) {
  EXPECT_EQ(level_word_number("Warning"), 13);
  EXPECT_EQ(level_word_number("err"), 17);
  EXPECT_FALSE(level_word_number("informational").has_value());
  EXPECT_EQ(numeric_level_number(30), 9);  // pino info
  EXPECT_EQ(numeric_level_number(60), 21);
  EXPECT_FALSE(numeric_level_number(35).has_value());
  EXPECT_EQ(syslog_number(8 * 3 + 4), 13);  // daemon.warning
  EXPECT_STREQ(severity_short_name(17), "ERROR");
  EXPECT_STREQ(severity_short_name(10), "INFO2");
}

}  // namespace
}  // namespace kotel::logs
