#include "exporters/otlp/json_lines.h"

#include <google/protobuf/util/json_util.h>

#include <array>

namespace kotel::otlp {
namespace {

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

std::string base64_to_hex(std::string_view b64) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : b64) {
    if (c == '=') break;
    int v = base64_value(c);
    if (v < 0) return std::string(b64);  // not base64: leave as it was
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      uint8_t byte = static_cast<uint8_t>(acc >> bits);
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

}  // namespace

void ids_base64_to_hex(std::string& json) {
  for (std::string_view key : {"\"traceId\":\"", "\"spanId\":\"", "\"parentSpanId\":\""}) {
    size_t pos = 0;
    while ((pos = json.find(key, pos)) != std::string::npos) {
      size_t start = pos + key.size();
      size_t end = json.find('"', start);
      if (end == std::string::npos) return;
      std::string hex = base64_to_hex(std::string_view(json).substr(start, end - start));
      json.replace(start, end - start, hex);
      pos = start + hex.size();
    }
  }
}

std::string to_otlp_json(const opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest& request) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_enums_as_ints = true;  // OTLP/JSON: enums are integers
  options.preserve_proto_field_names = false;  // lowerCamelCase
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(request, &json, options);
  if (!status.ok()) return {};
  ids_base64_to_hex(json);
  return json;
}

}  // namespace kotel::otlp
