#pragma once
// OTLP exporter configuration from OpenTelemetry's standard environment variables
// (OTel specification: protocol/exporter.md and configuration/sdk-environment-variables.md).
// Pure except for checking that the certificate files it names are readable: the
// environment comes in through an EnvLookup, so tests pass a table.
//
// Where kotel differs from an OTel SDK, on purpose:
//  - OTLP is off for a signal unless OTEL_EXPORTER_OTLP_ENDPOINT, the signal's own
//    OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT, or OTEL_<SIGNAL>_EXPORTER=otlp is set
//    (the spec's default exporter is otlp; kotel's zero-config output is console +
//    Prometheus). An explicit OTEL_<SIGNAL>_EXPORTER always wins.
//  - A value kotel cannot use is an error naming the variable, where the spec asks
//    SDKs to warn and carry on with the default: an agent should not start with half
//    of what the user asked for. Header values never appear in errors (secrets).
//  - OTEL_SERVICE_NAME is not applied: kotel's service.name is per observed process
//    (a warning says so). http/json is not supported.
//  - OTEL_SDK_DISABLED=true turns every exporter off (console included) and the
//    other variables are then not read.
//  - Header names are lower-cased (HTTP/2 and gRPC require it, HTTP/1.1 ignores case).

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace kotel::config {

enum class Signal : uint8_t { kTraces, kMetrics, kLogs };
enum class OtlpProtocol : uint8_t { kGrpc, kHttpProtobuf };

// The spec reads a timeout of 0 as "no limit"; this is the "very long time" it allows.
inline constexpr std::chrono::milliseconds kNoTimeout{2147483647};

using KeyValues = std::vector<std::pair<std::string, std::string>>;

// The endpoint taken apart, for the transport.
struct EndpointUrl {
  bool tls = false;    // https, or a gRPC host:port without *_INSECURE=true
  std::string host;    // an IPv6 address without its brackets
  uint16_t port = 0;   // as given, else 80 / 443 by scheme
  std::string target;  // HTTP request target: path (at least "/") and ?query
};

struct OtlpSignalConfig {
  // OTEL_<SIGNAL>_EXPORTER, a comma list of otlp | console | none (| prometheus for metrics).
  bool otlp = false;
  bool console = false;
  bool prometheus = false;
  OtlpProtocol protocol = OtlpProtocol::kHttpProtobuf;
  // http/protobuf: the URL requests go to (the per-signal variable as given, with "/" for an
  // empty path; else the generic base + "v1/<signal>"). grpc: the target as given.
  std::string endpoint;
  EndpointUrl url;
  bool insecure = false;  // *_INSECURE as set; only decides TLS for a gRPC endpoint without scheme
  KeyValues headers;      // generic headers, then the per-signal ones replacing same-named keys
  std::chrono::milliseconds timeout{10000};
  bool gzip = false;
  std::string certificate;  // CA bundle, PEM
  std::string client_key;   // mTLS, PEM: both or neither
  std::string client_certificate;
};

// OTEL_BSP_* (spans) and OTEL_BLRP_* (log records).
struct BatchConfig {
  std::chrono::milliseconds schedule_delay{5000};
  std::chrono::milliseconds export_timeout{30000};
  size_t max_queue_size = 2048;        // items; a limit only when set (MAX_QUEUE_SIZE): else the byte budget
  bool max_queue_size_set = false;
  size_t max_export_batch_size = 512;  // <= max_queue_size; an unset batch size is clamped to the queue
};

struct OtlpConfig {
  OtlpSignalConfig traces, metrics, logs;
  BatchConfig spans;
  // Memory the span and log queues may hold each (--export-queue-bytes; not
  // an OTEL_* variable): an agent sees a whole host's bursts, which 2048
  // items (the SDK default, sized for one process) do not hold.
  size_t export_queue_bytes = 16u << 20;
  BatchConfig logs_batch{std::chrono::milliseconds{1000}};  // the spec's OTEL_BLRP_SCHEDULE_DELAY default
  std::chrono::milliseconds metric_export_interval{60000};
  std::chrono::milliseconds metric_export_timeout{30000};
  KeyValues resource_attributes;  // OTEL_RESOURCE_ATTRIBUTES, last of a repeated key wins
  // OTEL_TRACES_SAMPLER: always_on, always_off, traceidratio, parentbased_*.
  std::string traces_sampler = "parentbased_always_on";
  double traces_sampler_arg = 1.0;  // OTEL_TRACES_SAMPLER_ARG: the ratio of the *traceidratio samplers
  bool sdk_disabled = false;
  std::vector<std::string> warnings;  // settings accepted but not applied, for the caller to log

  bool any_otlp() const { return traces.otlp || metrics.otlp || logs.otlp; }
  const OtlpSignalConfig& signal(Signal s) const;
};

using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// Every error starts with the variable's name and says what is wrong with its value.
core::Result<OtlpConfig> otlp_config_from_env(const EnvLookup& env);

// The process environment (getenv).
EnvLookup process_env();

const char* to_string(Signal s);
const char* to_string(OtlpProtocol p);

}  // namespace kotel::config
