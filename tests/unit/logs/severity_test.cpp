#include "logs/severity.h"

#include <gtest/gtest.h>

#include "logs/line_parser.h"

namespace kotel::logs {
namespace {

struct Case {
  const char* line;
  int number;
  const char* text;
};

// Lines as the common layouts print them -> OTel severity.
TEST(Severity, TextLayouts) {
  const Case cases[] = {
      {"INFO:root:served /", 9, "INFO"},                                      // Python logging default
      {"ERROR:app.db:connection lost", 17, "ERROR"},
      {"CRITICAL:root:disk full", 21, "CRITICAL"},
      {"WARNING:root:slow", 13, "WARNING"},
      {"2024-01-02 03:04:05,123 DEBUG [worker] tick", 5, "DEBUG"},            // Python asctime layout
      {"2024-01-02 03:04:05.123 [main] WARN  com.example.App - retrying", 13, "WARN"},  // logback
      {"SEVERE: cannot open file", 17, "SEVERE"},                             // java.util.logging
      {"INFO: started", 9, "INFO"},
      {"FINE: detail", 5, "FINE"},
      {"2009/11/10 23:00:00 INFO hello count=3", 9, "INFO"},                  // Go slog default
      {"time=2024-01-02T03:04:05Z level=WARN msg=\"disk\"", 13, "WARN"},     // Go slog text
      {"level=error msg=boom", 17, "error"},                                  // logrus
      {"[error] upstream timed out", 17, "error"},                            // nginx-like, marked
      {"<3>kernel says err", 17, "ERROR"},                                    // syslog priority
      {"<14>daemon info", 9, "INFO"},
      {"<191>debug", 5, "DEBUG"},
      {"<0>emergency", 24, "FATAL4"},
      {"FATAL could not bind", 21, "FATAL"},
      {"panic: runtime error", 21, "panic"},
  };
  for (const auto& c : cases) {
    ParsedLine p = parse_line(c.line, 0);
    EXPECT_EQ(p.severity.number, c.number) << c.line;
    EXPECT_EQ(p.severity.text, c.text) << c.line;
  }
}

TEST(Severity, PlainWordsInTheMessageAreNotLevels) {
  for (const char* line : {"2009/11/10 23:00:00 listening on :8080", "an error occurred in the info desk",
                           "127.0.0.1 - - [02/Dec/2026 14:00:00] \"GET / HTTP/1.1\" 200 -", "<9999>x", "Errors: 0"}) {
    EXPECT_EQ(parse_line(line, 0).severity.number, 0) << line;
  }
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
