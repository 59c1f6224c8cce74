#pragma once
// Lines as the common layouts print them, with the severity each carries:
// shared by the severity tests (text_severity, told where the leading
// timestamp ends) and the line parser tests (parse_line finds it itself).

namespace kotel::logs::testing {

struct SeverityCase {
  const char* line;
  unsigned timestamp_bytes;  // length of the leading timestamp, 0: none
  int number;                // OTel severity number, 0: none
  const char* text;
};

// Lines as the common layouts print them -> OTel severity.
inline constexpr SeverityCase kTextLayouts[] = {
    {"INFO:root:served /", 0, 9, "INFO"},  // Python logging default
    {"ERROR:app.db:connection lost", 0, 17, "ERROR"},
    {"CRITICAL:root:disk full", 0, 21, "CRITICAL"},
    {"WARNING:root:slow", 0, 13, "WARNING"},
    {"2024-01-02 03:04:05,123 DEBUG [worker] tick", 23, 5, "DEBUG"},                      // Python asctime layout
    {"2024-01-02 03:04:05.123 [main] WARN  com.example.App - retrying", 23, 13, "WARN"},  // logback
    {"SEVERE: cannot open file", 0, 17, "SEVERE"},                                        // java.util.logging
    {"INFO: started", 0, 9, "INFO"},
    {"FINE: detail", 0, 5, "FINE"},
    {"2009/11/10 23:00:00 INFO hello count=3", 19, 9, "INFO"},             // Go slog default
    {"time=2024-01-02T03:04:05Z level=WARN msg=\"disk\"", 0, 13, "WARN"},  // Go slog text
    {"level=error msg=boom", 0, 17, "error"},                              // logrus
    {"[error] upstream timed out", 0, 17, "error"},                        // nginx-like, marked
    {"<3>kernel says err", 0, 17, "ERROR"},                                // syslog priority
    {"<14>daemon info", 0, 9, "INFO"},
    {"<191>debug", 0, 5, "DEBUG"},
    {"<0>emergency", 0, 24, "FATAL4"},
    {"FATAL could not bind", 0, 21, "FATAL"},
    {"panic: runtime error", 0, 21, "panic"},
};

// Plain words in the message are not levels.
inline constexpr SeverityCase kNoLevel[] = {
    {"2009/11/10 23:00:00 listening on :8080", 19, 0, ""},
    {"an error occurred in the info desk", 0, 0, ""},
    {"127.0.0.1 - - [02/Dec/2026 14:00:00] \"GET / HTTP/1.1\" 200 -", 0, 0, ""},
    {"<9999>x", 0, 0, ""},
    {"Errors: 0", 0, 0, ""},
};

}  // namespace kotel::logs::testing
