#include "logs/line_parser.h"

#include <gtest/gtest.h>

#include "tests/unit/logs/severity_cases.h"

namespace kotel::logs {
namespace {

const model::AttributeValue* find(const ParsedLine& p, std::string_view key) {
  for (const auto& a : p.attributes)
    if (a.key == key) return &a.value;
  return nullptr;
}

constexpr uint64_t kJan2_2024_030405 = 1704164645ULL * 1'000'000'000;  // 2024-01-02T03:04:05Z

TEST(LineParser, JsonLineBecomesAttributesWithMessageAsBody) {
  ParsedLine p = parse_line(
      R"({"level":"error","msg":"payment failed","time":"2024-01-02T03:04:05.250Z","order":42,"ok":false,"ratio":0.5,"user":{"id":7}})",
      0);
  EXPECT_TRUE(p.json);
  EXPECT_EQ(p.body, "payment failed");
  EXPECT_EQ(p.severity.number, 17);
  EXPECT_EQ(p.severity.text, "error");
  EXPECT_EQ(p.time_unix_ns, kJan2_2024_030405 + 250'000'000);
  ASSERT_NE(find(p, "order"), nullptr);
  EXPECT_EQ(std::get<int64_t>(*find(p, "order")), 42);
  EXPECT_EQ(std::get<bool>(*find(p, "ok")), false);
  EXPECT_DOUBLE_EQ(std::get<double>(*find(p, "ratio")), 0.5);
  EXPECT_EQ(std::get<std::string>(*find(p, "user")), R"({"id":7})");
  EXPECT_EQ(find(p, "msg"), nullptr);    // became the body
  EXPECT_EQ(find(p, "level"), nullptr);  // became the severity
}

TEST(LineParser, JsonNumericLevelAndEpochTime) {
  ParsedLine p = parse_line(R"({"level":40,"time":1704164645123,"message":"slow"})", 0);  // pino
  EXPECT_EQ(p.severity.number, 13);
  EXPECT_EQ(p.time_unix_ns, kJan2_2024_030405 + 123'000'000);
  EXPECT_EQ(p.body, "slow");
  ParsedLine s = parse_line(R"({"severity":"WARNING","ts":1704164645.5})", 0);
  EXPECT_EQ(s.severity.number, 13);
  EXPECT_EQ(s.time_unix_ns, kJan2_2024_030405 + 500'000'000);
  EXPECT_TRUE(s.body.empty());  // no message field: the caller keeps the line
}

TEST(LineParser, BrokenJsonIsPlainText) {
  ParsedLine p = parse_line(R"({"level":"error", "msg": )", 0);
  EXPECT_FALSE(p.json);
  EXPECT_TRUE(p.attributes.empty());
  EXPECT_EQ(parse_line("[1,2,3]", 0).json, false);
}

TEST(LineParser, JsonAttributesAreCapped) {
  std::string line = "{";
  for (int i = 0; i < 100; ++i) line += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  line += "\"msg\":\"m\"}";
  ParsedLine p = parse_line(line, 0);
  EXPECT_EQ(p.attributes.size(), kMaxJsonAttributes);
  EXPECT_EQ(p.body, "m");
}

TEST(LineParser, TextLineKeepsItsTimestamp) {
  ParsedLine p = parse_line("2024-01-02 03:04:05,500 ERROR boom", 0);
  EXPECT_EQ(p.time_unix_ns, kJan2_2024_030405 + 500'000'000);
  EXPECT_EQ(p.severity.number, 17);
  EXPECT_EQ(parse_line("no time here", 0).time_unix_ns, 0u);
}

// The severity of a text line, found past its timestamp.
TEST(LineParser, TextLineSeverityInTheCommonLayouts) {
  for (const auto& c : testing::kTextLayouts) {
    ParsedLine p = parse_line(c.line, 0);
    EXPECT_EQ(p.severity.number, c.number) << c.line;
    EXPECT_EQ(p.severity.text, c.text) << c.line;
  }
}

TEST(LineParser, PlainWordsInTheMessageAreNotLevels) {
  for (const auto& c : testing::kNoLevel) EXPECT_EQ(parse_line(c.line, 0).severity.number, 0) << c.line;
}

}  // namespace
}  // namespace kotel::logs
