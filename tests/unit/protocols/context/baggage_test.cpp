// W3C Baggage: list-members, properties, percent-decoding and the limits.
// Cases from the specification's examples.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/context/context.h"

namespace kotel::protocols::context {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD

std::vector<BaggageEntry> parse(std::string_view header, ContextStats* stats = nullptr,
                                const BaggageLimits& limits = {}) {
  std::vector<BaggageEntry> out;
  parse_baggage(header, limits, &out, stats);
  return out;
}

TEST(Baggage, SpecExampleWithProperties) {
  ContextStats stats;
  auto got = parse("key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue", &stats);
  const std::vector<BaggageEntry> want = {
      {"key1", "value1", ";property1;property2"},
      {"key2", "value2", ""},
      {"key3", "value3", "; propertyKey=propertyValue"},
  };
  EXPECT_EQ(got, want);
  EXPECT_EQ(stats.invalid_baggage, 0u);
  EXPECT_EQ(stats.baggage_dropped, 0u);
}

TEST(Baggage, ValuesArePercentDecoded) {
  struct Case {
    std::string header, value;
  } cases[] = {
      {"serverNode=DF%2028", "DF 28"},
      {"userId=Am%C3%A9lie", "Am\xC3\xA9lie"},
      {"userId =   alice", "alice"},
      {"k=a=b", "a=b"},  // '=' may appear in a value
      {"k=", ""},
      {"k=a+b", "a+b"},    // '+' is not a space in baggage
      {"k=%2c%3B", ",;"},  // either hex case
      {"k=%25", "%"},
      // Octets that are not UTF-8: one U+FFFD per maximal invalid subpart.
      {"k=%FF", kReplacement},
      {"k=a%C3", "a" + kReplacement},
      {"k=%E2%82z", kReplacement + "z"},
      {"k=%ED%A0%80", kReplacement + kReplacement + kReplacement},                    // a surrogate
      {"k=%C0%AF", kReplacement + kReplacement},                                      // overlong
      {"k=%F4%90%80%80", kReplacement + kReplacement + kReplacement + kReplacement},  // above U+10FFFF
      {"k=%F0%9F%98%80", "\xF0\x9F\x98\x80"},
  };
  for (const auto& c : cases) {
    auto got = parse(c.header);
    ASSERT_EQ(got.size(), 1u) << c.header;
    EXPECT_EQ(got[0].value, c.value) << c.header;
  }
}

TEST(Baggage, SpecMultiHeaderExampleAppends) {
  std::vector<BaggageEntry> out;
  parse_baggage("userId=alice", {}, &out, nullptr);
  parse_baggage("serverNode=DF%2028,isProduction=false", {}, &out, nullptr);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].key, "userId");
  EXPECT_EQ(out[1].value, "DF 28");
  EXPECT_EQ(out[2].key, "isProduction");
  EXPECT_EQ(out[2].value, "false");
}

TEST(Baggage, InvalidMembersAreSkippedAndCounted) {
  const std::string bad[] = {
      "=v",     // empty key
      "k",      // no '='
      "k e=v",  // a key is a token
      "k@=v",
      "k=a b",          // whitespace inside a value
      "k=\"q\"",        // DQUOTE
      "k=a\\b",         // backslash
      "k=caf\xc3\xa9",  // raw non-ASCII
      "k=%zz",          // not a percent-encoding
      "k=%4",
      "k=50%",
      "k=v;",  // a property has a key
      "k=v;;p",
      "k=v;p@=1",
      "k=v;p=a b",
  };
  for (const auto& b : bad) {
    ContextStats stats;
    auto got = parse("a=1," + b + ",b=2", &stats);
    ASSERT_EQ(got.size(), 2u) << b;
    EXPECT_EQ(got[0].key, "a") << b;
    EXPECT_EQ(got[1].key, "b") << b;
    EXPECT_EQ(stats.invalid_baggage, 1u) << b;
  }
}

TEST(Baggage, EmptyMembersAreSkippedSilently) {
  ContextStats stats;
  EXPECT_EQ(parse("a=1,, ,b=2,", &stats).size(), 2u);
  EXPECT_TRUE(parse("", &stats).empty());
  EXPECT_EQ(stats.invalid_baggage, 0u);
}

TEST(Baggage, SixtyFourMembersFitTheSixtyFifthIsDropped) {
  std::string header;
  for (int i = 0; i < 65; ++i) header += "k" + std::to_string(i) + "=v,";
  ContextStats stats;
  auto got = parse(header, &stats);
  ASSERT_EQ(got.size(), 64u);
  EXPECT_EQ(got.back().key, "k63");
  EXPECT_EQ(stats.baggage_dropped, 1u);
  EXPECT_EQ(stats.invalid_baggage, 0u);
}

TEST(Baggage, LimitsCountWhatIsAlreadyThere) {
  std::string forty;
  for (int i = 0; i < 40; ++i) forty += "k" + std::to_string(i) + "=v,";
  ContextStats stats;
  std::vector<BaggageEntry> out;
  parse_baggage(forty, {}, &out, &stats);
  parse_baggage(forty, {}, &out, &stats);
  EXPECT_EQ(out.size(), 64u);
  EXPECT_EQ(stats.baggage_dropped, 16u);
}

TEST(Baggage, EightKilobytesFitOneMoreByteDoesNot) {
  // Two members of 4095 bytes and a comma: 8191; then "b=" needs 2 + comma.
  std::string big1 = "a=" + std::string(4093, 'x');
  std::string big2 = "c=" + std::string(4093, 'y');
  ASSERT_EQ(big1.size() + 1 + big2.size(), 8191u);
  ContextStats stats;
  auto got = parse(big1 + "," + big2 + ",b=", &stats);  // 8191 + 1 + 2 = 8194
  EXPECT_EQ(got.size(), 2u);
  EXPECT_EQ(stats.baggage_dropped, 1u);

  ContextStats exact;
  std::string big3 = "c=" + std::string(4091, 'y');  // 4095 + 1 + 4093 + 1 + 2 = 8192
  got = parse(big1 + "," + big3 + ",b=", &exact);
  EXPECT_EQ(got.size(), 3u);
  EXPECT_EQ(exact.baggage_dropped, 0u);
}

TEST(Baggage, ByteLimitCountsTheReEncodedValue) {
  BaggageEntry e{"serverNode", "DF 28", ";p"};
  EXPECT_EQ(baggage_entry_bytes(e), std::string("serverNode=DF%2028;p").size());
  // "k=%20%20%20" is 11 bytes re-encoded (5 decoded): over a limit of 10.
  ContextStats stats;
  auto got = parse("k=%20%20%20", &stats, BaggageLimits{64, 11});
  EXPECT_EQ(got.size(), 1u);
  got = parse("k=%20%20%20", &stats, BaggageLimits{64, 10});
  EXPECT_TRUE(got.empty());
  EXPECT_EQ(stats.baggage_dropped, 1u);
}

TEST(Baggage, AMemberTooBigIsDroppedASmallerOneAfterItStillFits) {
  ContextStats stats;
  auto got = parse("a=1,big=" + std::string(100, 'x') + ",b=2", &stats, BaggageLimits{64, 20});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].key, "b");
  EXPECT_EQ(stats.baggage_dropped, 1u);
}

}  // namespace
}  // namespace kotel::protocols::context
