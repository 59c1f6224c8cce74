#pragma once
// Where and how one signal is exported over OTLP (from OTEL_EXPORTER_OTLP_*).

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace kotel::otlp {

struct OtlpTarget {
  std::string endpoint;  // gRPC: http(s)://host:port or host:port; HTTP: the full URL incl. /v1/<signal>
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds timeout{10000};
  bool gzip = false;
  bool insecure = false;  // gRPC without a scheme: plaintext
  std::string ca_file, client_cert_file, client_key_file;
};

}  // namespace kotel::otlp
