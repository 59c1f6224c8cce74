#pragma once
// Field numbers of the OTLP messages kotel writes, copied from the vendored
// official definitions in third_party/opentelemetry-proto (the file is named
// above each group). otlp_fields_test checks every one against the generated
// descriptors, so a typo here fails the unit tests.

#include <cstdint>

namespace kotel::otlp::field {

// collector/{trace,logs,metrics}/v1/*_service.proto: Export*ServiceRequest
inline constexpr uint32_t kRequestResourceSpans = 1;
inline constexpr uint32_t kRequestResourceLogs = 1;
inline constexpr uint32_t kRequestResourceMetrics = 1;

// common/v1/common.proto
namespace any_value {
inline constexpr uint32_t kStringValue = 1, kBoolValue = 2, kIntValue = 3, kDoubleValue = 4;
}
namespace key_value {
inline constexpr uint32_t kKey = 1, kValue = 2;
}
namespace scope {  // InstrumentationScope
inline constexpr uint32_t kName = 1, kVersion = 2;
}

// resource/v1/resource.proto
namespace resource {
inline constexpr uint32_t kAttributes = 1;
}

// trace/v1/trace.proto, logs/v1/logs.proto and metrics/v1/metrics.proto
// share one shape: Resource<X> { resource, scope_<x>, schema_url } and
// Scope<X> { scope, <items>, schema_url }.
namespace resource_group {
inline constexpr uint32_t kResource = 1, kScopeGroups = 2, kSchemaUrl = 3;
}
namespace scope_group {
inline constexpr uint32_t kScope = 1, kItems = 2, kSchemaUrl = 3;
}

// trace/v1/trace.proto
namespace span {
inline constexpr uint32_t kTraceId = 1, kSpanId = 2, kTraceState = 3, kParentSpanId = 4, kName = 5, kKind = 6,
                          kStartTimeUnixNano = 7, kEndTimeUnixNano = 8, kAttributes = 9, kStatus = 15, kFlags = 16;
}
namespace status {
inline constexpr uint32_t kMessage = 2, kCode = 3;
}

// logs/v1/logs.proto
namespace log_record {
inline constexpr uint32_t kTimeUnixNano = 1, kSeverityNumber = 2, kSeverityText = 3, kBody = 5, kAttributes = 6,
                          kFlags = 8, kTraceId = 9, kSpanId = 10, kObservedTimeUnixNano = 11, kEventName = 12;
}

// metrics/v1/metrics.proto
namespace metric {
inline constexpr uint32_t kName = 1, kDescription = 2, kUnit = 3, kSum = 7, kHistogram = 9;
}
namespace sum {
inline constexpr uint32_t kDataPoints = 1, kAggregationTemporality = 2, kIsMonotonic = 3;
}
namespace histogram {
inline constexpr uint32_t kDataPoints = 1, kAggregationTemporality = 2;
}
namespace number_point {  // NumberDataPoint
inline constexpr uint32_t kStartTimeUnixNano = 2, kTimeUnixNano = 3, kAsInt = 6, kAttributes = 7;
}
namespace histogram_point {  // HistogramDataPoint
inline constexpr uint32_t kStartTimeUnixNano = 2, kTimeUnixNano = 3, kCount = 4, kSum = 5, kBucketCounts = 6,
                          kExplicitBounds = 7, kExemplars = 8, kAttributes = 9, kMin = 11, kMax = 12;
}
namespace exemplar {
inline constexpr uint32_t kTimeUnixNano = 2, kAsDouble = 3, kSpanId = 4, kTraceId = 5;
}
// AggregationTemporality
inline constexpr uint64_t kCumulative = 2;

}  // namespace kotel::otlp::field
