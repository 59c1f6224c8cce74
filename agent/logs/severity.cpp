#include "logs/severity.h"

#include <array>
#include <cctype>
#include <string>

#include "core/text.h"

namespace kotel::logs {
namespace {

using core::iequals_lower;

bool all_upper(std::string_view w) {
  for (char c : w)
    if (!std::isupper(static_cast<unsigned char>(c))) return false;
  return !w.empty();
}

struct LevelWord {
  const char* word;  // lower case
  int number;
};
constexpr std::array<LevelWord, 23> kWords{{
    {"trace", 1}, {"finest", 1}, {"finer", 2}, {"verbose", 2}, {"debug", 5}, {"fine", 5}, {"config", 7},
    {"info", 9}, {"information", 9}, {"notice", 10}, {"warn", 13}, {"warning", 13}, {"error", 17},
    {"err", 17}, {"severe", 17}, {"crit", 21}, {"critical", 21}, {"fatal", 21}, {"panic", 21},
    {"dpanic", 21}, {"alert", 23}, {"emerg", 24}, {"emergency", 24},
}};

// Strips what surrounds a level token: "[INFO]", "<warn>", "(ERROR)", "INFO:", "WARN,".
std::string_view strip_token(std::string_view t) {
  while (!t.empty() && (t.front() == '[' || t.front() == '(' || t.front() == '<')) t.remove_prefix(1);
  size_t colon = t.find(':');  // Python "ERROR:root:message"
  if (colon != std::string_view::npos) t = t.substr(0, colon);
  while (!t.empty() && std::string_view("])>,-|").find(t.back()) != std::string_view::npos) t.remove_suffix(1);
  return t;
}

// logfmt / key=value layouts (Go slog TextHandler, logrus): level=warn.
std::optional<Severity> logfmt_level(std::string_view line) {
  for (std::string_view key : {"level=", "lvl=", "severity="}) {
    size_t at = line.find(key);
    while (at != std::string_view::npos && at != 0 && line[at - 1] != ' ') at = line.find(key, at + 1);
    if (at == std::string_view::npos) continue;
    std::string_view v = line.substr(at + key.size());
    if (!v.empty() && v.front() == '"') v.remove_prefix(1);
    v = v.substr(0, v.find_first_of(" \"\t"));
    if (auto n = level_word_number(v)) return Severity{*n, std::string(v)};
  }
  return std::nullopt;
}

}  // namespace

std::optional<int> level_word_number(std::string_view word) {
  if (word.size() < 3 || word.size() > 11) return std::nullopt;
  for (const auto& w : kWords)
    if (iequals_lower(word, w.word)) return w.number;
  return std::nullopt;
}

int syslog_number(int pri) {
  static constexpr std::array<int, 8> kBySeverity{24, 23, 21, 17, 13, 10, 9, 5};  // emerg .. debug
  return kBySeverity[static_cast<size_t>(pri & 7)];
}

std::optional<int> numeric_level_number(int64_t level) {
  switch (level) {
    case 10: return 1;
    case 20: return 5;
    case 30: return 9;
    case 40: return 13;
    case 50: return 17;
    case 60: return 21;
    default: return std::nullopt;
  }
}

const char* severity_short_name(int n) {
  static constexpr std::array<const char*, 25> kNames{
      "",       "TRACE",  "TRACE2", "TRACE3", "TRACE4", "DEBUG",  "DEBUG2", "DEBUG3", "DEBUG4",
      "INFO",   "INFO2",  "INFO3",  "INFO4",  "WARN",   "WARN2",  "WARN3",  "WARN4",  "ERROR",
      "ERROR2", "ERROR3", "ERROR4", "FATAL",  "FATAL2", "FATAL3", "FATAL4"};
  return n >= 0 && n <= 24 ? kNames[static_cast<size_t>(n)] : "";
}

Severity text_severity(std::string_view line, size_t after_timestamp) {
  // syslog: "<13>..." (journald and logger write it to their socket; some apps to stdout).
  if (line.size() > 2 && line[0] == '<') {
    size_t end = line.find('>');
    if (end != std::string_view::npos && end >= 2 && end <= 4) {
      int pri = 0;
      bool digits = true;
      for (size_t i = 1; i < end; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(line[i]))) digits = false;
        else pri = pri * 10 + (line[i] - '0');
      }
      if (digits && pri <= 191) {
        int n = syslog_number(pri);
        return Severity{n, severity_short_name(n)};
      }
    }
  }
  if (auto s = logfmt_level(line)) return *s;
  // A level word among the first tokens after the timestamp: upper case
  // anywhere there ("2024-... [main] WARN x"), other spellings only when
  // marked as a level ("[warn]", "warning:").
  std::string_view rest = line.substr(std::min(after_timestamp, line.size()));
  for (int token = 0; token < 4 && !rest.empty(); ++token) {
    size_t start = rest.find_first_not_of(" \t");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    size_t end = rest.find_first_of(" \t");
    std::string_view raw = rest.substr(0, end);
    std::string_view word = strip_token(raw);
    bool marked = raw.size() != word.size();
    if (auto n = level_word_number(word); n && (all_upper(word) || marked)) return Severity{*n, std::string(word)};
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end);
  }
  return Severity{};
}

}  // namespace kotel::logs
