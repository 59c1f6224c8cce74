// The stitcher on recorded byte streams: every split point, pipelining, bodies
// beyond the capture, cut heads, gaps, garbage, and the connection's end.

#include "protocols/http1/stitch.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kotel::protocols::http1 {
namespace {

struct Collector : ExchangeSink {
  std::vector<std::unique_ptr<Exchange>> done;
  int started = 0;
  void request_started(Exchange&) override { ++started; }
  void exchange_done(std::unique_ptr<Exchange> ex) override { done.push_back(std::move(ex)); }
};

// A connection driven segment by segment with rising timestamps.
struct Conn {
  StitchStats stats;
  Stitcher stitcher;
  Collector out;
  uint64_t ts = 1000;
  explicit Conn(RequestSide side = RequestSide::kIngress, const HeaderCapture* capture = nullptr)
      : stitcher(side, &stats, capture) {}
  // Server view: requests are read (ingress), responses written (egress).
  void read(std::string_view bytes, uint64_t total = 0, uint64_t gap = 0) { send(false, bytes, total, gap); }
  void write(std::string_view bytes, uint64_t total = 0, uint64_t gap = 0) { send(true, bytes, total, gap); }
  void send(bool egress, std::string_view bytes, uint64_t total, uint64_t gap) {
    Segment s{++ts, 7, total ? total : bytes.size(), bytes, gap};
    stitcher.on_segment(egress, s, out);
  }
  void close() { stitcher.on_close(++ts, out); }
};

const std::string kReq1 = "GET /a HTTP/1.1\r\nHost: shop:8080\r\nUser-Agent: curl/8\r\n\r\n";
const std::string kReq2 = "POST /b HTTP/1.1\r\nHost: shop\r\nContent-Length: 5\r\n\r\nhello";
const std::string kReq3 = "DELETE /c/1 HTTP/1.1\r\nHost: shop\r\n\r\n";
const std::string kResp1 = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
const std::string kResp2 =
    "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: v\r\n\r\n";
const std::string kResp3 = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";

void expect_three(const Collector& out) {
  ASSERT_EQ(out.done.size(), 3u);
  EXPECT_EQ(out.done[0]->method, "GET");
  EXPECT_EQ(out.done[0]->target, "/a");
  EXPECT_EQ(out.done[0]->host, "shop:8080");
  EXPECT_EQ(out.done[0]->user_agent, "curl/8");
  EXPECT_EQ(out.done[0]->status, 200);
  EXPECT_EQ(out.done[0]->response_body_bytes, 2u);
  EXPECT_EQ(out.done[1]->method, "POST");
  EXPECT_EQ(out.done[1]->request_body_bytes, 5u);
  EXPECT_EQ(out.done[1]->status, 201);
  EXPECT_EQ(out.done[1]->response_body_bytes, 5u);
  EXPECT_EQ(out.done[2]->target, "/c/1");
  EXPECT_EQ(out.done[2]->status, 404);
  for (const auto& ex : out.done) {
    EXPECT_FALSE(ex->body_lost);
    EXPECT_FALSE(ex->no_response);
    EXPECT_FALSE(ex->request_truncated);
    EXPECT_LE(ex->request_start_ns, ex->request_end_ns);
    EXPECT_LT(ex->request_end_ns, ex->response_end_ns);
  }
}

TEST(Http1Stitch, KeepAliveSplitAtEveryOffset) {
  std::vector<std::pair<std::string, std::string>> pairs = {{kReq1, kResp1}, {kReq2, kResp2}, {kReq3, kResp3}};
  for (const auto& [req, resp] : pairs) {
    for (size_t cut = 0; cut <= req.size(); ++cut) {
      for (size_t rcut : {size_t{0}, resp.size() / 2, resp.size() - 1}) {
        Conn c;
        for (const auto& [q, r] : pairs) {
          if (q == req) {
            c.read(q.substr(0, cut));
            c.read(q.substr(cut));
            c.write(r.substr(0, rcut));
            c.write(r.substr(rcut));
          } else {
            c.read(q);
            c.write(r);
          }
        }
        SCOPED_TRACE(req.substr(0, 10) + " cut " + std::to_string(cut) + "/" + std::to_string(rcut));
        expect_three(c.out);
        EXPECT_EQ(c.stats.invalid_heads, 0u);
      }
    }
  }
}

TEST(Http1Stitch, PipelinedRequestsPairInOrder) {
  Conn c;
  c.read(kReq1 + kReq2 + kReq3);
  EXPECT_EQ(c.out.started, 3);
  EXPECT_EQ(c.stitcher.pending(), 3u);
  c.write(kResp1 + kResp2 + kResp3);
  expect_three(c.out);
}

// RFC 9112 2.2: an empty line after a POST body (old clients send one) or
// before a status line is ignored; any method token is a request.
TEST(Http1Stitch, EmptyLinesBeforeAMessageAndOtherMethods) {
  Conn c;
  c.read(kReq1 + "\r\n" + kReq2 + "\r\n\r\n" + kReq3);
  c.write(kResp1 + "\r\n" + kResp2 + kResp3);
  expect_three(c.out);
  EXPECT_EQ(c.stats.unusable_heads, 0u);
  // The exchange keeps its head without the empty lines before it (the fuzzer
  // found a copy that ran past the buffer by their length).
  EXPECT_EQ(c.out.done[1]->head, kReq2.substr(0, kReq2.find("\r\n\r\n") + 4));
  EXPECT_EQ(c.out.done[2]->head, kReq3);
  Conn dav;
  dav.read("PROPFIND /files HTTP/1.1\r\nDepth: 1\r\n\r\n");
  dav.write("HTTP/1.1 207 Multi-Status\r\nContent-Length: 0\r\n\r\n");
  ASSERT_EQ(dav.out.done.size(), 1u);
  EXPECT_EQ(dav.out.done[0]->method, "PROPFIND");
  EXPECT_EQ(dav.out.done[0]->status, 207);
}

TEST(Http1Stitch, ByteByByte) {
  Conn c;
  for (char ch : kReq2) c.read(std::string(1, ch));
  for (char ch : kResp2) c.write(std::string(1, ch));
  ASSERT_EQ(c.out.done.size(), 1u);
  EXPECT_EQ(c.out.done[0]->status, 201);
  EXPECT_EQ(c.out.done[0]->request_start_ns, 1001u);  // the first byte's segment
  EXPECT_EQ(c.out.done[0]->response_end_ns, c.ts);    // the last byte's segment
}

TEST(Http1Stitch, ResponsesWithoutBodies) {
  Conn c;
  c.read("HEAD /h HTTP/1.1\r\n\r\n");
  c.write("HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n");  // HEAD: no body despite the length
  c.read("GET /n HTTP/1.1\r\n\r\n");
  c.write("HTTP/1.1 204 No Content\r\n\r\n");
  c.read("GET /m HTTP/1.1\r\n\r\n");
  c.write("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n");
  c.read(kReq1);
  c.write(kResp1);
  ASSERT_EQ(c.out.done.size(), 4u);
  EXPECT_EQ(c.out.done[0]->status, 200);
  EXPECT_EQ(c.out.done[1]->status, 204);
  EXPECT_EQ(c.out.done[2]->status, 304);
  EXPECT_EQ(c.out.done[3]->target, "/a");
}

TEST(Http1Stitch, ExpectContinueAndEarlyHints) {
  Conn c;
  c.read("PUT /up HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
  c.write("HTTP/1.1 100 Continue\r\n\r\n");
  c.read("data");
  c.write("HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  ASSERT_EQ(c.out.done.size(), 1u);
  EXPECT_EQ(c.out.done[0]->status, 200);
  EXPECT_EQ(c.out.done[0]->request_body_bytes, 4u);
  EXPECT_EQ(c.stats.interim_responses, 2u);
}

TEST(Http1Stitch, ResponseEndedByClose) {
  Conn c;
  c.read("GET /stream HTTP/1.0\r\n\r\n");
  c.write("HTTP/1.0 200 OK\r\n\r\nsome");
  c.write("more", 100000);
  EXPECT_TRUE(c.out.done.empty());
  uint64_t last_write = c.ts;
  c.close();
  ASSERT_EQ(c.out.done.size(), 1u);
  EXPECT_EQ(c.out.done[0]->response_body_bytes, 4u + 100000u);
  EXPECT_EQ(c.out.done[0]->response_end_ns, last_write);
  EXPECT_FALSE(c.out.done[0]->no_response);
}

TEST(Http1Stitch, BodiesBeyondTheCaptureAreSkippedByCount) {
  Conn c;
  std::string head = "POST /big HTTP/1.1\r\nContent-Length: 1000000\r\n\r\n";
  std::string captured = head + std::string(4096 - head.size(), 'x');
  c.read(captured, head.size() + 600000);  // one read: head + 600000 body bytes, 4096 captured
  c.read(std::string(4096, 'y'), 400000);
  std::string chunk_start = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100000\r\n";
  c.write(chunk_start + std::string(100, 'z'), chunk_start.size() + 0x100000);
  c.write("\r\n0\r\n\r\n");
  c.read(kReq1);
  c.write(kResp1);
  ASSERT_EQ(c.out.done.size(), 2u);
  EXPECT_EQ(c.out.done[0]->request_body_bytes, 1000000u);
  EXPECT_EQ(c.out.done[0]->response_body_bytes, 0x100000u);
  EXPECT_FALSE(c.out.done[0]->body_lost);
  EXPECT_EQ(c.out.done[1]->target, "/a");
}

TEST(Http1Stitch, HeadCutByTheCaptureIsStillAnExchange) {
  Conn c;
  std::string head = "GET /long HTTP/1.1\r\nHost: h\r\ntraceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\nCookie: " +
                     std::string(6000, 'c') + "\r\nAccept: */*\r\n\r\n";
  c.read(head.substr(0, 4096), head.size());
  c.write(kResp1);
  c.read(kReq3);
  c.write(kResp3);
  ASSERT_EQ(c.out.done.size(), 2u);
  EXPECT_TRUE(c.out.done[0]->request_truncated);
  EXPECT_EQ(c.out.done[0]->target, "/long");
  EXPECT_EQ(c.out.done[0]->host, "h");
  ASSERT_EQ(c.out.done[0]->context_headers.size(), 1u);
  EXPECT_EQ(c.out.done[0]->context_headers[0].name, "traceparent");
  EXPECT_EQ(c.out.done[0]->status, 200);
  EXPECT_EQ(c.out.done[1]->status, 404);
  EXPECT_EQ(c.stats.truncated_heads, 1u);
}

TEST(Http1Stitch, HeadCutBeforeItsFirstLineIsCountedNotPaired) {
  Conn c;
  c.read("GET /" + std::string(5000, 'p'), 6000);
  c.write(kResp1);  // answers the unreadable request: not paired with anything
  c.read(kReq1);
  c.write(kResp1);
  ASSERT_EQ(c.out.done.size(), 1u);
  EXPECT_EQ(c.out.done[0]->target, "/a");
  EXPECT_EQ(c.stats.unusable_heads, 1u);
}

TEST(Http1Stitch, GarbageThenRecovery) {
  Conn c;
  c.read(std::string("\x16\x03\x01\x02\x00garbage\r\n\r\n", 18));
  c.read("more garbage");
  c.read(kReq1);
  c.write(kResp1);
  ASSERT_EQ(c.out.done.size(), 1u);
  EXPECT_EQ(c.out.done[0]->target, "/a");
  EXPECT_EQ(c.stats.invalid_heads, 1u);
}

TEST(Http1Stitch, GapInsideABodyKeepsPairing) {
  Conn c;
  c.read(kReq1);
  c.write("HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n" + std::string(1000, 'a'));
  c.write(std::string(1000, 'c'), 0, /*gap=*/1000);  // the middle 1000 bytes' event was lost
  c.read(kReq3);
  c.write(kResp3);
  ASSERT_EQ(c.out.done.size(), 2u);
  EXPECT_TRUE(c.out.done[0]->body_lost);
  EXPECT_EQ(c.out.done[0]->response_body_bytes, 3000u);
  EXPECT_EQ(c.out.done[1]->status, 404);
}

TEST(Http1Stitch, GapBetweenMessagesDropsWhatCannotBePaired) {
  Conn c;
  c.read(kReq1);
  c.read(kReq3, 0, /*gap=*/200);  // a whole request may be in the gap
  c.write(kResp3);                // so this answers /c/1 (what came after the gap), not /a
  c.read(kReq1);
  c.write(kResp1);
  ASSERT_EQ(c.out.done.size(), 2u);
  EXPECT_EQ(c.out.done[0]->target, "/c/1");
  EXPECT_EQ(c.out.done[0]->status, 404);
  EXPECT_EQ(c.stats.lost_exchanges, 1u);
}

TEST(Http1Stitch, RequestWithoutResponseAtClose) {
  Conn c;
  c.read(kReq1);
  c.close();
  ASSERT_EQ(c.out.done.size(), 1u);
  EXPECT_TRUE(c.out.done[0]->no_response);
  EXPECT_EQ(c.out.done[0]->status, 0);
  EXPECT_EQ(c.stats.no_response, 1u);
}

TEST(Http1Stitch, UpgradeStopsParsing) {
  Conn c;
  c.read("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
  c.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello");
  c.read("GET /not-http HTTP/1.1\r\n\r\n");
  c.write("HTTP/1.1 200 OK\r\n\r\n");
  ASSERT_EQ(c.out.done.size(), 1u);
  EXPECT_EQ(c.out.done[0]->status, 101);
  EXPECT_EQ(c.stats.upgraded, 1u);
}

TEST(Http1Stitch, ClientSideAndUnknownSide) {
  for (RequestSide side : {RequestSide::kEgress, RequestSide::kUnknown}) {
    Conn c(side);
    c.write(kReq2);  // a client writes its requests
    c.read(kResp2);
    ASSERT_EQ(c.out.done.size(), 1u);
    EXPECT_EQ(c.out.done[0]->status, 201);
  }
}

TEST(Http1Stitch, CapturesContextHeadersAndTheAllowListButNeverSecrets) {
  std::string_view allow[] = {"x-tenant", "authorization", "cookie"};
  HeaderCapture capture{allow};
  Conn c(RequestSide::kIngress, &capture);
  c.read(
      "GET / HTTP/1.1\r\nTraceParent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\nbaggage: k=v\r\n"
      "X-B3-TraceId: 80f198ee56343ba864fe8b2a57d3eff7\r\nuberctx-user: ann\r\nX-Tenant: blue\r\n"
      "Authorization: Bearer secret\r\nCookie: s=1\r\nX-Other: 1\r\n\r\n");
  c.write(kResp1);
  ASSERT_EQ(c.out.done.size(), 1u);
  std::vector<std::string> names;
  for (const auto& h : c.out.done[0]->context_headers) {
    names.push_back(std::string(h.name));
    EXPECT_EQ(h.value.find("secret"), std::string::npos);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"TraceParent", "baggage", "X-B3-TraceId", "uberctx-user", "X-Tenant"}));
}

}  // namespace
}  // namespace kotel::protocols::http1
