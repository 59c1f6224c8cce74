// OTLP/JSON lines: the protobuf JSON mapping with OTLP's exceptions (hex ids,
// integer enums, lowerCamelCase), one request per line.

#include "exporters/otlp/json_lines.h"

#include <gtest/gtest.h>

#include "exporters/otlp/trace_convert.h"

namespace kotel::otlp {
namespace {

TEST(OtlpJson, IdsAreHexEnumsAreIntegersKeysAreCamelCase) {
  spans::Span s;
  for (size_t i = 0; i < 16; ++i) s.trace_id[i] = static_cast<uint8_t>(0xf0 + i);
  s.span_id = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77};
  s.parent_span_id = {0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0x00, 0x01};
  s.kind = spans::SpanKind::kClient;
  s.name = "GET /";
  s.start_unix_ns = 1'700'000'000'000'000'001;
  s.end_unix_ns = 1'700'000'000'000'000'002;
  s.status = spans::StatusCode::kError;
  opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest req;
  to_export_request(std::span<const spans::Span>(&s, 1), default_agent_resource({}), &req);
  std::string json = to_otlp_json(req);
  EXPECT_EQ(json.find('\n'), std::string::npos);
  EXPECT_NE(json.find("\"traceId\":\"f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"spanId\":\"0011223344556677\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"parentSpanId\":\"deadbeef00000001\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"kind\":3"), std::string::npos) << json;
  EXPECT_NE(json.find("\"code\":2"), std::string::npos) << json;
  EXPECT_NE(json.find("\"startTimeUnixNano\":\"1700000000000000001\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"resourceSpans\""), std::string::npos);
  EXPECT_EQ(json.find("resource_spans"), std::string::npos);
}

TEST(OtlpJson, Base64ToHexLeavesOtherFieldsAlone) {
  std::string j = R"({"spanId":"AAECAwQFBgc=","name":"spanId","traceId":"not base64!"})";
  ids_base64_to_hex(j);
  EXPECT_EQ(j, R"({"spanId":"0001020304050607","name":"spanId","traceId":"not base64!"})");
}

}  // namespace
}  // namespace kotel::otlp
