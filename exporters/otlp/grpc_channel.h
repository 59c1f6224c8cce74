#pragma once
// What every OTLP/gRPC exporter shares, whatever the signal: the channel (TLS
// when the endpoint is https, quick reconnects), the per-call context
// (deadline, gzip, headers as metadata) and the status -> retry decision.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "exporters/common/export_result.h"
#include "exporters/otlp/otlp_target.h"

namespace kotel::otlp {

std::shared_ptr<grpc::Channel> make_channel(const OtlpTarget& target);
// Deadline: the shorter of `timeout` and the target's own (OTEL_EXPORTER_OTLP_TIMEOUT).
void prepare_call(grpc::ClientContext* ctx, const OtlpTarget& target, std::chrono::milliseconds timeout);
// A failed call's result: retryable or not per OTLP, with the server's delay.
exporters::ExportResult failed_call(const grpc::Status& status, const std::string& endpoint);

}  // namespace kotel::otlp
