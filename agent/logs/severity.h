#pragma once
// Severity of a log line from the forms programs use: level words (INFO,
// warning, SEVERE...), syslog <N> priorities, numeric levels (pino/bunyan),
// logfmt level=..., and the default layouts of Python logging ("ERROR:root:"),
// Go's log/slog ("2009/11/10 23:00:00 INFO ...") and Java (JUL "SEVERE: ...",
// logback "... [main] WARN ..."). Mapped to OTel SeverityNumber. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "logs/log_record.h"

namespace kotel::logs {

// "warn", "WARNING", "Err", "SEVERE", ... -> OTel number; nullopt for other words.
std::optional<int> level_word_number(std::string_view word);
// syslog PRI (facility * 8 + severity) -> OTel number.
int syslog_number(int pri);
// pino/bunyan numeric levels (10 trace .. 60 fatal) -> OTel number; nullopt outside.
std::optional<int> numeric_level_number(int64_t level);
// The OTel short name of a number: "INFO", "ERROR2"...
const char* severity_short_name(int number);
inline std::string severity_text(int number) { return severity_short_name(number); }

// Severity of a plain-text line (not JSON); number 0 when none is recognised.
// `after_timestamp`: where the line continues past a leading timestamp (0: none).
Severity text_severity(std::string_view line, size_t after_timestamp);

}  // namespace kotel::logs
