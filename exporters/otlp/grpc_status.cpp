#include "exporters/otlp/grpc_status.h"

#include <google/protobuf/io/coded_stream.h>

#include <string>

namespace kotel::otlp {
namespace {

using google::protobuf::io::CodedInputStream;

// Reads length-delimited field `want` of a message, calling `each` with its bytes.
template <typename F>
bool for_each_field(std::string_view msg, uint32_t want, F each) {
  CodedInputStream in(reinterpret_cast<const uint8_t*>(msg.data()), static_cast<int>(msg.size()));
  while (true) {
    uint32_t tag = in.ReadTag();
    if (tag == 0) return true;
    uint32_t field = tag >> 3, wire = tag & 7;
    if (wire == 2) {
      uint32_t len;
      std::string bytes;
      if (!in.ReadVarint32(&len) || !in.ReadString(&bytes, static_cast<int>(len))) return false;
      if (field == want) each(std::string_view(bytes));
    } else if (wire == 0) {
      uint64_t v;
      if (!in.ReadVarint64(&v)) return false;
    } else if (wire == 1) {
      uint64_t v;
      if (!in.ReadLittleEndian64(&v)) return false;
    } else if (wire == 5) {
      uint32_t v;
      if (!in.ReadLittleEndian32(&v)) return false;
    } else {
      return false;
    }
  }
}

// google.protobuf.Duration { int64 seconds = 1; int32 nanos = 2; }
std::optional<std::chrono::milliseconds> parse_duration(std::string_view msg) {
  CodedInputStream in(reinterpret_cast<const uint8_t*>(msg.data()), static_cast<int>(msg.size()));
  int64_t seconds = 0, nanos = 0;
  while (uint32_t tag = in.ReadTag()) {
    uint64_t v;
    if ((tag & 7) != 0 || !in.ReadVarint64(&v)) return std::nullopt;
    if ((tag >> 3) == 1) seconds = static_cast<int64_t>(v);
    else if ((tag >> 3) == 2) nanos = static_cast<int32_t>(v);
  }
  if (seconds < 0 || nanos < 0) return std::nullopt;
  return std::chrono::milliseconds(seconds * 1000 + nanos / 1'000'000);
}

}  // namespace

std::optional<std::chrono::milliseconds> retry_delay_from_details(std::string_view details) {
  // google.rpc.Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }
  // google.protobuf.Any { string type_url = 1; bytes value = 2; }
  // google.rpc.RetryInfo { google.protobuf.Duration retry_delay = 1; }
  std::optional<std::chrono::milliseconds> delay;
  for_each_field(details, 3, [&](std::string_view any) {
    std::string_view type_url, value;
    std::string type_copy, value_copy;
    for_each_field(any, 1, [&](std::string_view t) { type_copy = t; });
    for_each_field(any, 2, [&](std::string_view v) { value_copy = v; });
    type_url = type_copy;
    value = value_copy;
    if (!type_url.ends_with("google.rpc.RetryInfo")) return;
    for_each_field(value, 1, [&](std::string_view d) { delay = parse_duration(d); });
  });
  return delay;
}

exporters::ExportStatus classify_grpc_status(int code, bool has_retry_info) {
  switch (code) {
    case 0: return exporters::ExportStatus::kOk;
    case 1:   // CANCELLED
    case 4:   // DEADLINE_EXCEEDED
    case 10:  // ABORTED
    case 11:  // OUT_OF_RANGE
    case 14:  // UNAVAILABLE
    case 15:  // DATA_LOSS
      return exporters::ExportStatus::kRetryable;
    case 8:  // RESOURCE_EXHAUSTED
      return has_retry_info ? exporters::ExportStatus::kRetryable : exporters::ExportStatus::kPermanent;
    default:
      return exporters::ExportStatus::kPermanent;
  }
}

}  // namespace kotel::otlp
