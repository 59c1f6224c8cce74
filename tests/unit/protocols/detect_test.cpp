#include "protocols/detect.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "tests/support/random_input.h"

namespace kotel::protocols {
namespace {

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
