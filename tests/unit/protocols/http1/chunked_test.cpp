#include "protocols/http1/chunked.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "tests/support/random_input.h"

namespace kotel::protocols::http1 {
namespace {

const std::string kBody = "4\r\nWiki\r\n6;ext=1\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\n\r\n";
const std::string kNext = "HTTP/1.1 200 OK\r\n";

TEST(Chunked, WholeBodyEndsExactlyAndLeavesTheNextMessage) {
  ChunkedScanner s;
  std::string all = kBody + kNext;
  size_t used = s.feed(all);
  EXPECT_EQ(s.status(), ChunkedScanner::Status::kDone);
  EXPECT_EQ(used, kBody.size());
  EXPECT_EQ(s.body_bytes(), 4u + 6u + 14u);
}

TEST(Chunked, EverySplitGivesTheSameResult) {
  for (size_t cut = 0; cut <= kBody.size(); ++cut) {
    ChunkedScanner s;
    size_t a = s.feed(std::string_view(kBody).substr(0, cut));
    size_t b = s.feed(std::string_view(kBody).substr(cut));
    EXPECT_EQ(a + b, kBody.size()) << cut;
    EXPECT_EQ(s.status(), ChunkedScanner::Status::kDone) << cut;
  }
}

TEST(Chunked, TrailersAreConsumed) {
  ChunkedScanner s;
  std::string body = "3\r\nabc\r\n0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n";
  EXPECT_EQ(s.feed(body), body.size());
  EXPECT_EQ(s.status(), ChunkedScanner::Status::kDone);
}

TEST(Chunked, DataMaySkipWithoutBytesFramingMayNot) {
  ChunkedScanner s;
  s.feed("10\r\n");  // 16 bytes of data follow
  s.skip(16);        // counted by the kernel, not captured
  EXPECT_EQ(s.status(), ChunkedScanner::Status::kInBody);
  s.feed("\r\n0\r\n\r\n");
  EXPECT_EQ(s.status(), ChunkedScanner::Status::kDone);
  EXPECT_EQ(s.body_bytes(), 16u);

  ChunkedScanner lost;
  lost.feed("10\r\n");
  lost.skip(20);  // past the data into the next size line
  EXPECT_EQ(lost.status(), ChunkedScanner::Status::kLost);
}

TEST(Chunked, GarbageIsInvalid) {
  for (const char* bad : {"zz\r\n", "\r\n", "3\r\nabcX", "3\nabc"}) {
    ChunkedScanner s;
    s.feed(bad);
    EXPECT_EQ(s.status(), ChunkedScanner::Status::kInvalid) << bad;
  }
}

// Garbage in: the scanner never takes more than it is given (deterministic seed).
TEST(Chunked, AnswersEveryRandomInput) {
  std::mt19937 rng(99);
  for (int i = 0; i < 20000; ++i) {
    std::string s = testing::random_http_ish(rng, i);
    ChunkedScanner chunked;
    EXPECT_LE(chunked.feed(s), s.size());
  }
}

}  // namespace
}  // namespace kotel::protocols::http1
