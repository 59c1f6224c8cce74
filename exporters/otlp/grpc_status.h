#pragma once
// gRPC status -> retry decision, per the OTLP specification: which codes are
// worth retrying, and the server's RetryInfo hint hidden in the status details.

#include <chrono>
#include <optional>
#include <string_view>

#include "exporters/common/export_result.h"

namespace kotel::otlp {

// `details` is the serialized google.rpc.Status of a failed call (the
// grpc-status-details-bin trailer); a RetryInfo among its details gives the delay.
std::optional<std::chrono::milliseconds> retry_delay_from_details(std::string_view details);

// OTLP/gRPC: CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE and
// DATA_LOSS are retryable; RESOURCE_EXHAUSTED only when the server says when
// (RetryInfo); everything else is permanent.
exporters::ExportStatus classify_grpc_status(int code, bool has_retry_info);

}  // namespace kotel::otlp
