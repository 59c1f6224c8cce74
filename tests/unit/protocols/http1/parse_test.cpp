#include "protocols/http1/parse.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "tests/support/random_input.h"

namespace kotel::protocols::http1 {
namespace {

// Recorded from curl 7.88 and python3 -m http.server on Debian 12.
const std::string kCurlGet =
    "GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
const std::string kPythonResponse =
    "HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\nDate: Wed, 25 Nov 2026 22:12:17 GMT\r\n"
    "Content-type: text/html\r\nContent-Length: 21\r\nLast-Modified: Wed, 25 Nov 2026 22:12:17 GMT\r\n\r\n";

TEST(Http1Parse, CurlRequest) {
  RequestHead r;
  ASSERT_EQ(parse_request_head(kCurlGet, &r), ParseState::kSuccess);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.target, "/index.html");
  EXPECT_EQ(r.version_minor, 1);
  EXPECT_EQ(r.head_bytes, kCurlGet.size());
  EXPECT_EQ(find_header(r.headers, "host"), "127.0.0.1:8000");
  EXPECT_EQ(find_header(r.headers, "USER-AGENT"), "curl/7.88.1");
  EXPECT_EQ(request_body(r).kind, BodyKind::kNone);
  EXPECT_FALSE(r.framing.connection_close);
}

TEST(Http1Parse, PythonResponseHttp10ClosesAndHasLength) {
  ResponseHead r;
  const std::string bytes = kPythonResponse + "hello from kotel e2e\n";  // heads point into it
  ASSERT_EQ(parse_response_head(bytes, &r), ParseState::kSuccess);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.reason, "OK");
  EXPECT_EQ(r.version_minor, 0);
  EXPECT_TRUE(r.framing.connection_close) << "HTTP/1.0 without keep-alive closes";
  EXPECT_EQ(r.head_bytes, kPythonResponse.size());
  auto body = response_body("GET", r);
  EXPECT_EQ(body.kind, BodyKind::kLength);
  EXPECT_EQ(body.length, 21u);
}

TEST(Http1Parse, EverySplitOfAHeadNeedsMoreDataThenSucceeds) {
  for (size_t cut = 0; cut < kCurlGet.size(); ++cut) {
    RequestHead r;
    EXPECT_EQ(parse_request_head(std::string_view(kCurlGet).substr(0, cut), &r), ParseState::kNeedsMoreData)
        << "cut at " << cut;
  }
  for (size_t cut = 0; cut < kPythonResponse.size(); ++cut) {
    ResponseHead r;
    EXPECT_EQ(parse_response_head(std::string_view(kPythonResponse).substr(0, cut), &r), ParseState::kNeedsMoreData)
        << "cut at " << cut;
  }
}

TEST(Http1Parse, PipelinedRequestsParseOneAfterTheOther) {
  std::string two = kCurlGet + "POST /api HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
  RequestHead first, second;
  ASSERT_EQ(parse_request_head(two, &first), ParseState::kSuccess);
  ASSERT_EQ(parse_request_head(std::string_view(two).substr(first.head_bytes), &second), ParseState::kSuccess);
  EXPECT_EQ(second.method, "POST");
  EXPECT_EQ(request_body(second).length, 3u);
}

TEST(Http1Parse, BodylessResponsesByMethodAndStatus) {
  ResponseHead r;
  ASSERT_EQ(parse_response_head("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", &r), ParseState::kSuccess);
  EXPECT_EQ(response_body("HEAD", r).kind, BodyKind::kNone);
  EXPECT_EQ(response_body("GET", r).kind, BodyKind::kLength);
  for (const char* head : {"HTTP/1.1 204 No Content\r\n\r\n", "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n",
                           "HTTP/1.1 100 Continue\r\n\r\n"}) {
    ASSERT_EQ(parse_response_head(head, &r), ParseState::kSuccess) << head;
    EXPECT_EQ(response_body("GET", r).kind, BodyKind::kNone) << head;
  }
  ASSERT_EQ(parse_response_head("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", &r), ParseState::kSuccess);
  EXPECT_EQ(response_body("GET", r).kind, BodyKind::kUntilClose);
  ASSERT_EQ(parse_response_head("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", &r),
            ParseState::kSuccess);
  EXPECT_EQ(response_body("GET", r).kind, BodyKind::kChunked);
}

TEST(Http1Parse, ExpectContinueAndEmptyReason) {
  RequestHead req;
  ASSERT_EQ(parse_request_head("PUT /u HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 9\r\n\r\n", &req),
            ParseState::kSuccess);
  EXPECT_TRUE(req.framing.expect_continue);
  ResponseHead resp;
  ASSERT_EQ(parse_response_head("HTTP/1.1 404\r\n\r\n", &resp), ParseState::kSuccess);
  EXPECT_EQ(resp.status, 404);
  EXPECT_EQ(resp.reason, "");
}

TEST(Http1Parse, GarbageIsInvalidEarly) {
  RequestHead req;
  ResponseHead resp;
  EXPECT_EQ(parse_request_head(std::string("\x16\x03\x01\x02\x00 \x01", 7), &req), ParseState::kInvalid);
  EXPECT_EQ(parse_request_head("GET / HTTP/2.0\r\n\r\n", &req), ParseState::kInvalid);
  EXPECT_EQ(parse_request_head("GET /\r\n\r\n", &req), ParseState::kInvalid);
  EXPECT_EQ(parse_request_head("GET / HTTP/1.1\r\nbad header\r\n\r\n", &req), ParseState::kInvalid);
  EXPECT_EQ(parse_request_head("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", &req),
            ParseState::kInvalid)
      << "conflicting lengths";
  EXPECT_EQ(parse_request_head("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", &req), ParseState::kInvalid);
  EXPECT_EQ(parse_response_head("SSH-2.0-OpenSSH_9.2\r\n", &resp), ParseState::kInvalid);
  EXPECT_EQ(parse_response_head("HTTP/1.1 2x0 OK\r\n\r\n", &resp), ParseState::kInvalid);
  EXPECT_EQ(parse_request_head(std::string(kMaxHeadBytes + 1, 'a'), &req), ParseState::kInvalid);
}

TEST(Http1Parse, ProtocolDetectionFromFirstBytes) {
  EXPECT_TRUE(looks_like_request("GET / HTTP/1.1\r\n"));
  EXPECT_TRUE(looks_like_request("DELETE /x"));
  EXPECT_FALSE(looks_like_request("\x16\x03\x01"));
  EXPECT_FALSE(looks_like_request("PRI * HTTP/2.0"));
  EXPECT_TRUE(looks_like_response("HTTP/1.1 200 OK\r\n"));
  EXPECT_FALSE(looks_like_response("HTTP/2 200"));
}

// Garbage in: every input gets a state, never a crash (deterministic seed).
TEST(Http1Parse, AnswersEveryRandomInput) {
  std::mt19937 rng(99);
  for (int i = 0; i < 20000; ++i) {
    std::string s = testing::random_http_ish(rng, i);
    RequestHead req;
    ResponseHead resp;
    auto a = parse_request_head(s, &req);
    auto b = parse_response_head(s, &resp);
    if (a == ParseState::kSuccess) {
      EXPECT_LE(req.head_bytes, s.size());
    }
    if (b == ParseState::kSuccess) {
      EXPECT_LE(resp.head_bytes, s.size());
    }
  }
}

}  // namespace
}  // namespace kotel::protocols::http1
