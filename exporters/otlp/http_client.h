#pragma once
// The transport half of OTLP/HTTP: POST an already-encoded body to one URL and
// say what happened — ok, retry later (and when), or give up. It knows nothing
// about protobuf: the response body is handed back as bytes for the caller to
// decode (ExportXServiceResponse on 200, google.rpc.Status on errors).
//
// Follows the OTLP/HTTP spec: 429/502/503/504 and "no response at all" are
// retryable, every other 4xx/5xx is not; Retry-After is honoured in both its
// delay-seconds and HTTP-date forms; the connection is kept alive between posts.
// Redirects are never followed (user headers may carry credentials): a 3xx is a
// permanent error that names the Location to configure instead.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporters/common/gzip.h"

namespace kotel::otlp {

struct HttpRequestOptions {
  std::string url;                                           // http:// or https://
  std::vector<std::pair<std::string, std::string>> headers;  // user headers (OTEL_EXPORTER_OTLP_HEADERS)
  std::chrono::milliseconds timeout{10000};                  // whole request, connect included
  bool gzip = false;                                         // compress the body, send Content-Encoding: gzip
  std::string ca_file, client_cert_file, client_key_file;    // TLS (PEM); empty = system defaults
  std::string user_agent;                                    // e.g. "kotel/<version>"; empty = none
};

enum class HttpOutcome : uint8_t { kOk, kRetryable, kPermanent };

struct HttpResult {
  HttpOutcome outcome = HttpOutcome::kPermanent;
  long status = 0;   // 0 when there was no HTTP response (refused, timeout, TLS failure, bad URL)
  std::string body;  // response body, at most kMaxResponseBody bytes
  std::optional<std::chrono::milliseconds> retry_after;  // from a Retry-After header, relative to now
  std::string error;  // empty on kOk; otherwise one human line, e.g. "HTTP 400 Bad Request: <text body>"
};

inline constexpr size_t kMaxResponseBody = 64 * 1024;

// One per exporter thread; reuses its connection between posts; not thread-safe.
class HttpClient {
 public:
  // Never throws for a bad URL: every post() then returns kPermanent saying why.
  explicit HttpClient(HttpRequestOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Blocks for at most options.timeout, or `timeout` when that is shorter
  // (an exporter out of time at shutdown).
  HttpResult post(std::string_view body, std::string_view content_type = "application/x-protobuf",
                  std::optional<std::chrono::milliseconds> timeout = std::nullopt);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Retry-After value (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date in any of
// its three forms, turned into a wait from `now`; a date in the past gives 0.
// nullopt when the value is neither.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now);

// 2xx ok; 429, 502, 503, 504 and 0 (no response) retryable; everything else permanent.
HttpOutcome classify_http_status(long status);

using common::gzip_compress;

}  // namespace kotel::otlp
