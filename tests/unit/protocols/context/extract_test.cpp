// extract_context: which header gives the parent, what comes along with it,
// and what gets counted.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/context/context.h"

namespace kotel::protocols::context {
using core::HexCase;
using core::decode_hex_padded;
using core::to_hex;
namespace {

using Headers = std::vector<Header>;

constexpr std::string_view kTraceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
constexpr std::string_view kB3 = "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-1";
constexpr std::string_view kUber = "deadbeef:1:0:1";

IncomingContext extract(const Headers& h, ContextStats* stats, const BaggageLimits& limits = {}) {
  return extract_context(h, limits, stats);
}

std::string parent_trace(const IncomingContext& c) {
  return c.parent ? to_hex(c.parent->trace_id) : "none";
}

TEST(ContextExtract, NoContextHeadersNoContextNoAllocation) {
  ContextStats stats;
  Headers h = {{"Host", "example.com"}, {"User-Agent", "curl/7.88.1"}, {"Accept", "*/*"}, {"b3x", "1"}};
  auto c = extract(h, &stats);
  EXPECT_FALSE(c.parent.has_value());
  EXPECT_EQ(c.format, ContextFormat::kNone);
  EXPECT_EQ(c.tracestate.capacity(), std::string().capacity());
  EXPECT_EQ(c.baggage.capacity(), 0u);
  EXPECT_EQ(stats.invalid_traceparent + stats.invalid_b3 + stats.invalid_jaeger + stats.invalid_baggage, 0u);
}

TEST(ContextExtract, PrecedenceTraceparentB3SingleB3MultiJaeger) {
  Headers all = {{"uber-trace-id", kUber},
                 {"X-B3-TraceId", "463ac35c9f6413ad48485a3953bb6124"},
                 {"X-B3-SpanId", "a2fb4a1d1a96d312"},
                 {"b3", kB3},
                 {"traceparent", kTraceparent}};
  struct Case {
    size_t drop_last;  // headers removed from the end of `all`
    ContextFormat format;
    std::string_view trace_id;
  } cases[] = {
      {0, ContextFormat::kTraceparent, "4bf92f3577b34da6a3ce929d0e0e4736"},
      {1, ContextFormat::kB3Single, "80f198ee56343ba864fe8b2a57d3eff7"},
      {2, ContextFormat::kB3Multi, "463ac35c9f6413ad48485a3953bb6124"},
      {4, ContextFormat::kJaeger, "000000000000000000000000deadbeef"},
  };
  for (const auto& c : cases) {
    Headers h(all.begin(), all.end() - static_cast<long>(c.drop_last));
    ContextStats stats;
    auto got = extract(h, &stats);
    EXPECT_EQ(got.format, c.format) << c.drop_last;
    EXPECT_EQ(parent_trace(got), c.trace_id) << c.drop_last;
    EXPECT_EQ(stats.invalid_traceparent + stats.invalid_b3 + stats.invalid_jaeger, 0u) << c.drop_last;
  }
}

TEST(ContextExtract, HeaderNamesAreCaseInsensitive) {
  ContextStats stats;
  EXPECT_EQ(extract({{"TrAcEpArEnT", kTraceparent}}, &stats).format, ContextFormat::kTraceparent);
  EXPECT_EQ(extract({{"B3", kB3}}, &stats).format, ContextFormat::kB3Single);
  EXPECT_EQ(extract({{"x-b3-traceid", "463ac35c9f6413ad48485a3953bb6124"}, {"X-B3-SPANID", "a2fb4a1d1a96d312"}}, &stats)
                .format,
            ContextFormat::kB3Multi);
  EXPECT_EQ(extract({{"Uber-Trace-Id", kUber}}, &stats).format, ContextFormat::kJaeger);
}

TEST(ContextExtract, AnInvalidHeaderIsCountedAndTheNextFormatTried) {
  ContextStats stats;
  auto c = extract({{"traceparent", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
                    {"b3", "80F198EE56343BA864FE8B2A57D3EFF7-05e3ac9a4f6e3b90-1"},
                    {"X-B3-TraceId", "463ac35c9f6413ad48485a3953bb6124"},
                    {"X-B3-SpanId", "0"},
                    {"uber-trace-id", kUber}},
                   &stats);
  EXPECT_EQ(c.format, ContextFormat::kJaeger);
  EXPECT_EQ(stats.invalid_traceparent, 1u);
  EXPECT_EQ(stats.invalid_b3, 2u);
  EXPECT_EQ(stats.invalid_jaeger, 0u);

  ContextStats none;
  c = extract({{"uber-trace-id", "deadbeef:0:0:1"}}, &none);
  EXPECT_FALSE(c.parent.has_value());
  EXPECT_EQ(none.invalid_jaeger, 1u);
}

TEST(ContextExtract, TwoTraceparentHeadersAreInvalid) {
  ContextStats stats;
  auto c = extract({{"traceparent", "00-12345678901234567890123456789011-1234567890123456-01"},
                    {"traceparent", "00-12345678901234567890123456789012-1234567890123456-01"},
                    {"tracestate", "foo=1"}},
                   &stats);
  EXPECT_FALSE(c.parent.has_value());
  EXPECT_EQ(c.tracestate, "");
  EXPECT_EQ(stats.invalid_traceparent, 1u);
  EXPECT_EQ(stats.invalid_tracestate, 0u) << "tracestate is not parsed without a traceparent";
}

TEST(ContextExtract, B3SamplingOnlyIsNotInvalidAndFallsThrough) {
  ContextStats stats;
  auto c = extract({{"b3", "0"},
                    {"X-B3-TraceId", "463ac35c9f6413ad48485a3953bb6124"},
                    {"X-B3-SpanId", "a2fb4a1d1a96d312"},
                    {"X-B3-Sampled", "0"}},
                   &stats);
  EXPECT_EQ(c.format, ContextFormat::kB3Multi);
  EXPECT_FALSE(c.parent->sampled);
  EXPECT_EQ(stats.invalid_b3, 0u);

  ContextStats alone;
  c = extract({{"b3", "d"}, {"X-B3-Sampled", "1"}}, &alone);
  EXPECT_FALSE(c.parent.has_value());
  EXPECT_EQ(alone.invalid_b3, 0u);
}

TEST(ContextExtract, FirstB3AndUberHeaderWins) {
  ContextStats stats;
  auto c = extract({{"X-B3-TraceId", "463ac35c9f6413ad48485a3953bb6124"},
                    {"X-B3-TraceId", "garbage"},
                    {"X-B3-SpanId", "a2fb4a1d1a96d312"}},
                   &stats);
  EXPECT_EQ(parent_trace(c), "463ac35c9f6413ad48485a3953bb6124");
  c = extract({{"uber-trace-id", "abc:1:0:1"}, {"uber-trace-id", kUber}}, &stats);
  EXPECT_EQ(parent_trace(c), "00000000000000000000000000000abc");
}

TEST(ContextExtract, TracestateIsJoinedInOrderAndKeptOnlyWithTraceparent) {
  ContextStats stats;
  auto c = extract({{"tracestate", "foo=1,bar=2"},
                    {"traceparent", kTraceparent},
                    {"TraceState", ""},
                    {"tracestate", "rojo=1,congo=2"},
                    {"tracestate", " baz=3 "}},
                   &stats);
  EXPECT_EQ(c.tracestate, "foo=1,bar=2,rojo=1,congo=2,baz=3");
  EXPECT_EQ(stats.invalid_tracestate, 0u);

  c = extract({{"b3", kB3}, {"tracestate", "foo=1"}}, &stats);
  EXPECT_EQ(c.tracestate, "") << "tracestate belongs to traceparent";
}

TEST(ContextExtract, InvalidTracestateIsDroppedAndCountedParentKept) {
  std::string h1, h2;
  for (int i = 1; i <= 20; ++i) h1 += "a" + std::to_string(i) + "=1,";
  for (int i = 1; i <= 13; ++i) h2 += "b" + std::to_string(i) + "=1,";
  struct Case {
    Headers headers;
  } cases[] = {
      {{{"traceparent", kTraceparent}, {"tracestate", "foo=1"}, {"tracestate", "foo=2"}}},  // duplicate key
      {{{"traceparent", kTraceparent}, {"tracestate", "FOO=1"}}},
      {{{"traceparent", kTraceparent}, {"tracestate", h1}, {"tracestate", h2}}},  // 33 across headers
  };
  for (const auto& k : cases) {
    ContextStats stats;
    auto c = extract(k.headers, &stats);
    EXPECT_EQ(c.format, ContextFormat::kTraceparent);
    EXPECT_EQ(c.tracestate, "");
    EXPECT_EQ(stats.invalid_tracestate, 1u);
  }
}

TEST(ContextExtract, BaggageAndUberctxInHeaderOrderUnderOneLimit) {
  ContextStats stats;
  auto c = extract({{"baggage", "userId=alice"},
                    {"uberctx-Tenant", "acme%20corp"},
                    {"Baggage", "serverNode=DF%2028,bad key=1"},
                    {"uberctx-", "x"}},
                   &stats);
  const std::vector<BaggageEntry> want = {
      {"userId", "alice", ""}, {"tenant", "acme corp", ""}, {"serverNode", "DF 28", ""}};
  EXPECT_EQ(c.baggage, want);
  EXPECT_EQ(stats.invalid_baggage, 2u);
  EXPECT_FALSE(c.parent.has_value()) << "baggage alone is no parent";

  std::string forty;
  for (int i = 0; i < 40; ++i) forty += "k" + std::to_string(i) + "=v,";
  ContextStats limited;
  c = extract({{"baggage", forty}, {"baggage", forty}, {"uberctx-x", "1"}}, &limited);
  EXPECT_EQ(c.baggage.size(), 64u);
  EXPECT_EQ(limited.baggage_dropped, 17u);

  ContextStats small;
  c = extract({{"baggage", "a=1"}, {"uberctx-long", std::string(50, 'x')}, {"uberctx-b", "2"}}, &small,
              BaggageLimits{64, 12});
  ASSERT_EQ(c.baggage.size(), 2u);
  EXPECT_EQ(c.baggage[1].key, "b");
  EXPECT_EQ(small.baggage_dropped, 1u);
}

TEST(ContextExtract, UberctxNamesOfEveryLengthAreSeen) {
  // Names as long as traceparent, x-b3-traceid... must still reach the uberctx- check.
  Headers h;
  std::vector<std::string> names;
  for (size_t n = 1; n <= 8; ++n) names.push_back("uberctx-" + std::string(n, 'k'));
  for (const auto& n : names) h.push_back({n, "v"});
  ContextStats stats;
  auto c = extract(h, &stats);
  ASSERT_EQ(c.baggage.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(c.baggage[i].key, std::string(i + 1, 'k'));
}

TEST(ContextExtract, NullStatsAreAllowed) {
  auto c = extract_context(Headers{{"traceparent", "bad"}, {"baggage", "=x"}}, {}, nullptr);
  EXPECT_FALSE(c.parent.has_value());
}

TEST(ContextFormatName, NamesMatchOtelPropagators) {
  EXPECT_STREQ(context_format_name(ContextFormat::kNone), "none");
  EXPECT_STREQ(context_format_name(ContextFormat::kTraceparent), "traceparent");
  EXPECT_STREQ(context_format_name(ContextFormat::kB3Single), "b3");
  EXPECT_STREQ(context_format_name(ContextFormat::kB3Multi), "b3multi");
  EXPECT_STREQ(context_format_name(ContextFormat::kJaeger), "jaeger");
}

TEST(ContextHex, ToHexIsLowercaseTwoDigitsPerByte) {
  const uint8_t bytes[] = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(to_hex(bytes), "000fa0ff");
  EXPECT_EQ(to_hex(std::span<const uint8_t>{}), "");
  SpanContext sc;
  sc.span_id = {1, 2, 3, 4, 5, 6, 7, 0xab};
  EXPECT_EQ(to_hex(sc.span_id), "01020304050607ab");
}

TEST(ContextHex, PaddedDecodingRightAligns) {
  std::array<uint8_t, 4> out{};
  ASSERT_TRUE(decode_hex_padded("abc", out, HexCase::kLowerOnly));
  EXPECT_EQ(to_hex(out), "00000abc");
  EXPECT_FALSE(decode_hex_padded("ABC", out, HexCase::kLowerOnly));
  EXPECT_TRUE(decode_hex_padded("ABC", out, HexCase::kAny));
  EXPECT_FALSE(decode_hex_padded("", out, HexCase::kAny));
  EXPECT_FALSE(decode_hex_padded("123456789", out, HexCase::kAny));
}

}  // namespace
}  // namespace kotel::protocols::context
