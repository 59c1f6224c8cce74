// Zipkin B3: the single `b3` header and the X-B3-* headers. Cases from the
// openzipkin/b3-propagation README.
#include <gtest/gtest.h>

#include <string>

#include "protocols/context/context.h"

namespace kotel::protocols::context {
using core::to_hex;
namespace {

struct Valid {
  std::string value;
  std::string_view trace_id, span_id;
  bool sampled;
};

TEST(B3Single, ValidValuesParse) {
  const Valid cases[] = {
      {"80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90", "80f198ee56343ba864fe8b2a57d3eff7",
       "e457b5a2e4d86bd1", true},
      {"80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-1", "80f198ee56343ba864fe8b2a57d3eff7", "05e3ac9a4f6e3b90",
       true},
      {"80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-d", "80f198ee56343ba864fe8b2a57d3eff7", "05e3ac9a4f6e3b90",
       true},  // debug is an accept
      {"80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-0", "80f198ee56343ba864fe8b2a57d3eff7", "05e3ac9a4f6e3b90",
       false},
      {"80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-0-e457b5a2e4d86bd1", "80f198ee56343ba864fe8b2a57d3eff7",
       "05e3ac9a4f6e3b90", false},
      // No sampling state: deferred to the receiver, which records.
      {"80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90", "80f198ee56343ba864fe8b2a57d3eff7", "05e3ac9a4f6e3b90",
       true},
      // A 64-bit trace id is left-padded.
      {"e457b5a2e4d86bd1-05e3ac9a4f6e3b90-1", "0000000000000000e457b5a2e4d86bd1", "05e3ac9a4f6e3b90", true},
      {" 80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-1 ", "80f198ee56343ba864fe8b2a57d3eff7", "05e3ac9a4f6e3b90",
       true},
  };
  for (const auto& c : cases) {
    auto sc = parse_b3_single(c.value);
    ASSERT_TRUE(sc.has_value()) << c.value;
    EXPECT_EQ(to_hex(sc->trace_id), c.trace_id) << c.value;
    EXPECT_EQ(to_hex(sc->span_id), c.span_id) << c.value;
    EXPECT_EQ(sc->sampled, c.sampled) << c.value;
    EXPECT_FALSE(b3_sampling_only(c.value)) << c.value;
  }
}

TEST(B3Single, ASamplingStateAloneCarriesNoParent) {
  for (std::string_view v : {"0", "1", "d", " 0 "}) {
    EXPECT_FALSE(parse_b3_single(v).has_value()) << v;
    EXPECT_TRUE(b3_sampling_only(v)) << v;
  }
}

TEST(B3Single, InvalidValuesAreRejected) {
  const std::string cases[] = {
      "",
      "-",
      "2",
      "true",
      "80f198ee56343ba864fe8b2a57d3eff7",
      "80f198ee56343ba864fe8b2a57d3eff7-",
      "80F198EE56343BA864FE8B2A57D3EFF7-05e3ac9a4f6e3b90-1",  // lower-hex only
      "80f198ee56343ba864fe8b2a57d3eff7-05E3AC9A4F6E3B90-1",
      "80f198ee56343ba864fe8b2a57d3eff-05e3ac9a4f6e3b90-1",    // 31
      "80f198ee56343ba864fe8b2a57d3eff7a-05e3ac9a4f6e3b90-1",  // 33
      "80f198ee56343ba864fe-05e3ac9a4f6e3b90-1",               // 20
      "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b9-1",    // 15
      "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b900-1",  // 17
      "00000000000000000000000000000000-05e3ac9a4f6e3b90-1",
      "80f198ee56343ba864fe8b2a57d3eff7-0000000000000000-1",
      "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-2",
      "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-true",
      "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-",
      "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-1-",
      "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-1-e457b5a2e4d86bd",
      "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-1-e457b5a2e4d86bd1-1",
      "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-e457b5a2e4d86bd1",  // parent without sampling
  };
  for (const auto& c : cases) {
    EXPECT_FALSE(parse_b3_single(c).has_value()) << c;
    EXPECT_FALSE(b3_sampling_only(c)) << c;
  }
}

TEST(B3Multi, SpecExampleParses) {
  auto sc = parse_b3_multi("463ac35c9f6413ad48485a3953bb6124", "a2fb4a1d1a96d312", "1", "");
  ASSERT_TRUE(sc.has_value());
  EXPECT_EQ(to_hex(sc->trace_id), "463ac35c9f6413ad48485a3953bb6124");
  EXPECT_EQ(to_hex(sc->span_id), "a2fb4a1d1a96d312");
  EXPECT_TRUE(sc->sampled);
}

TEST(B3Multi, SamplingStates) {
  struct Case {
    std::string_view sampled, flags;
    bool want;
  } cases[] = {
      {"1", "", true},    {"0", "", false},     {"", "", true},  // absent: deferred, recorded
      {"true", "", true}, {"false", "", false},                  // what older tracers sent
      {"", "1", true},    {"0", "1", true},                      // debug implies accept
      {"0", "0", false},
  };
  for (const auto& c : cases) {
    auto sc = parse_b3_multi("463ac35c9f6413ad48485a3953bb6124", "a2fb4a1d1a96d312", c.sampled, c.flags);
    ASSERT_TRUE(sc.has_value()) << c.sampled << "/" << c.flags;
    EXPECT_EQ(sc->sampled, c.want) << c.sampled << "/" << c.flags;
  }
}

TEST(B3Multi, SixtyFourBitTraceIdIsPadded) {
  auto sc = parse_b3_multi("48485a3953bb6124", "a2fb4a1d1a96d312", "", "");
  ASSERT_TRUE(sc.has_value());
  EXPECT_EQ(to_hex(sc->trace_id), "000000000000000048485a3953bb6124");
}

TEST(B3Multi, NoIdsIsNoParent) {
  EXPECT_FALSE(parse_b3_multi("", "", "0", "").has_value());
}

TEST(B3Multi, InvalidCombinationsAreRejected) {
  struct Case {
    std::string_view trace_id, span_id, sampled, flags;
  } cases[] = {
      {"463ac35c9f6413ad48485a3953bb6124", "", "1", ""},
      {"", "a2fb4a1d1a96d312", "1", ""},
      {"463AC35C9F6413AD48485A3953BB6124", "a2fb4a1d1a96d312", "1", ""},
      {"463ac35c9f6413ad48485a3953bb612", "a2fb4a1d1a96d312", "1", ""},
      {"463ac35c9f6413ad48485a3953bb6124", "a2fb4a1d1a96d31", "1", ""},
      {"00000000000000000000000000000000", "a2fb4a1d1a96d312", "1", ""},
      {"463ac35c9f6413ad48485a3953bb6124", "0000000000000000", "1", ""},
      {"463ac35c9f6413ad48485a3953bb6124", "a2fb4a1d1a96d312", "yes", ""},
      {"463ac35c9f6413ad48485a3953bb6124", "a2fb4a1d1a96d312", "d", ""},  // d is single-header only
      {"463ac35c9f6413ad48485a3953bb6124", "a2fb4a1d1a96d312", "1", "2"},
  };
  for (const auto& c : cases)
    EXPECT_FALSE(parse_b3_multi(c.trace_id, c.span_id, c.sampled, c.flags).has_value())
        << c.trace_id << " " << c.span_id << " " << c.sampled << " " << c.flags;
}

}  // namespace
}  // namespace kotel::protocols::context
