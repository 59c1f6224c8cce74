#include "exporters/prometheus/http_request.h"

#include <gtest/gtest.h>

namespace kotel::prometheus {
namespace {

TEST(HttpRequest, HeadEndsAtTheBlankLineWithCrlfOrBareLf) {
  EXPECT_EQ(request_head_end("GET / HTTP/1.1\r\nHost: x\r\n"), std::string::npos);
  EXPECT_EQ(request_head_end("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 27u);
  EXPECT_EQ(request_head_end("GET / HTTP/1.1\nHost: x\n\n"), 24u);
}

TEST(HttpRequest, ReadsMethodPathAndTheHeadersTheEndpointUses) {
  auto r = parse_request_head(
      "GET /metrics?x=1 HTTP/1.1\r\nHost: h\r\nACCEPT: application/openmetrics-text\r\n"
      "Accept-Encoding:  gzip \r\nAuthorization: Basic YTpi\r\n\r\n");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->path, "/metrics");
  EXPECT_EQ(r->accept, "application/openmetrics-text");
  EXPECT_EQ(r->accept_encoding, "gzip");
  EXPECT_EQ(r->authorization, "Basic YTpi");
}

TEST(HttpRequest, RefusesWhatIsNotAnHttpRequest) {
  EXPECT_FALSE(parse_request_head("\x16\x03\x01\x02\x00\r\n\r\n"));  // a TLS hello on a plain port
  EXPECT_FALSE(parse_request_head("GET metrics HTTP/1.1\r\n\r\n"));
  EXPECT_FALSE(parse_request_head("GET / SPDY/3\r\n\r\n"));
  EXPECT_FALSE(parse_request_head("GET / HTTP/1.1\r\nno colon\r\n\r\n"));
  EXPECT_FALSE(parse_request_head("G(T / HTTP/1.1\r\n\r\n"));
}

}  // namespace
}  // namespace kotel::prometheus
