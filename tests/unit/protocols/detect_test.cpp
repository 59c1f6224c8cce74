#include "protocols/detect.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "tests/support/random_input.h"

namespace kotel::protocols {
namespace {

TEST(Detect, AnyMethodTokenWithItsRequestLineAndEmptyLinesFirst) {
  for (const char* line : {"PROPFIND /dav HTTP/1.1\r\n", "PURGE /cache/x HTTP/1.1\r\n", "QUERY /q HTTP/1.1\r\n",
                           "M-SEARCH * HTTP/1.1\r\n", "\r\nGET / HTTP/1.1\r\n", "\r\nHTTP/1.1 200 OK\r\n"})
    EXPECT_EQ(detect_protocol(line, true), Protocol::kHttp1) << line;
  // The line's end not here yet: wait; a text protocol's command is not HTTP.
  EXPECT_EQ(detect_protocol("PROPFIND /a/long/path", true), Protocol::kUndecided);
  EXPECT_EQ(detect_protocol("SET session:1 value-of-it\r\n", true), Protocol::kOther);
  EXPECT_EQ(detect_protocol("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n", true), Protocol::kRedis);
  EXPECT_EQ(detect_protocol("lowercase /x HTTP/1.1\r\n", true), Protocol::kOther);
}

// A Redis command (an array of bulk strings) from a stream's first bytes;
// too few bytes wait; mid-stream bytes never decide Redis.
TEST(Detect, RedisCommandsFromTheFirstBytes) {
  std::string cmd = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";
  EXPECT_EQ(detect_protocol(cmd, true), Protocol::kRedis);
  for (size_t n = 1; n < 7; ++n) EXPECT_EQ(detect_protocol(cmd.substr(0, n), true), Protocol::kUndecided) << n;
  EXPECT_EQ(detect_protocol(cmd.substr(0, 7), true), Protocol::kRedis);  // "*2\\r\\n$3\\r": enough
  EXPECT_EQ(detect_protocol(cmd, false), Protocol::kUndecided);
  EXPECT_EQ(detect_protocol("*2\r\n:1\r\n:2\r\n", true), Protocol::kOther);     // not bulk strings
  EXPECT_EQ(detect_protocol("*x\r\n$3\r\nGET\r\n", true), Protocol::kOther);
  EXPECT_EQ(detect_protocol("* OK IMAP4rev1 ready\r\n", true), Protocol::kOther);  // IMAP's greeting
}

// Garbage in: every read gets an answer, never a crash (deterministic seed);
// only a stream's first bytes can rule HTTP out.
TEST(Detect, AnswersEveryRandomInput) {
  std::mt19937 rng(99);
  for (int i = 0; i < 20000; ++i) {
    std::string s = testing::random_http_ish(rng, i);
    Protocol start = detect_protocol(s, true);
    Protocol mid = detect_protocol(s, false);
    ASSERT_NE(mid, Protocol::kOther) << s;
    ASSERT_EQ(start == Protocol::kHttp1, mid == Protocol::kHttp1) << s;
  }
}

}  // namespace
}  // namespace kotel::protocols
