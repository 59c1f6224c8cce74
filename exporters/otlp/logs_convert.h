#pragma once
// kotel log records -> OTLP ExportLogsServiceRequest: one ResourceLogs per
// observed process (its resource plus the agent's own attributes), one scope
// "kotel". Pure: no I/O.

#include <span>

#include "exporters/otlp/resource_convert.h"
#include "logs/log_record.h"
#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"

namespace kotel::otlp {

void to_export_request(std::span<const logs::LogRecord> records, const AgentResource& agent,
                       opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest* out);

}  // namespace kotel::otlp
