#pragma once
// What one export attempt came to, whatever the transport.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace kotel::exporters {

enum class ExportStatus : uint8_t {
  kOk,         // accepted (maybe partly: see rejected)
  kRetryable,  // try again later: UNAVAILABLE, DEADLINE_EXCEEDED, 429/502/503/504, no connection
  kPermanent,  // never retry: bad request, unauthorised, TLS failure
};

struct ExportResult {
  ExportStatus status = ExportStatus::kOk;
  std::optional<std::chrono::milliseconds> retry_after;  // the server's hint (Retry-After, RetryInfo)
  uint64_t rejected = 0;   // partial success: items the receiver refused
  std::string error;       // what went wrong, for logs
};

}  // namespace kotel::exporters
