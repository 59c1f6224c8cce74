// Jaeger native propagation: uber-trace-id and uberctx-. Cases from the Jaeger
// client-libraries documentation ("Propagation Format").
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

TEST(JaegerUberTraceId, ValidValuesParse) {
  const Valid cases[] = {
      {"4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
       true},
      {"000000000000000000000000deadbeef:00000000deadbef0:00000000:01", "000000000000000000000000deadbeef",
       "00000000deadbef0", true},
      // Shorter ids are left-padded.
      {"deadbeef:1:0:1", "000000000000000000000000deadbeef", "0000000000000001", true},
      {"e457b5a2e4d86bd1:05e3ac9a4f6e3b90:e457b5a2e4d86bd1:0", "0000000000000000e457b5a2e4d86bd1", "05e3ac9a4f6e3b90",
       false},
      // base16 without a case rule.
      {"DEADBEEF:ABC:0:1", "000000000000000000000000deadbeef", "0000000000000abc", true},
      // Percent-encoded colons, either case.
      {"4bf92f3577b34da6a3ce929d0e0e4736%3A00f067aa0ba902b7%3A0%3A1", "4bf92f3577b34da6a3ce929d0e0e4736",
       "00f067aa0ba902b7", true},
      {"deadbeef%3a1%3a0%3a0", "000000000000000000000000deadbeef", "0000000000000001", false},
      // flags: bit 0 is sampled; 0x02 debug, 0x08 firehose say nothing about it.
      {"deadbeef:1:0:3", "000000000000000000000000deadbeef", "0000000000000001", true},
      {"deadbeef:1:0:2", "000000000000000000000000deadbeef", "0000000000000001", false},
      {"deadbeef:1:0:09", "000000000000000000000000deadbeef", "0000000000000001", true},
      {"deadbeef:1:0:ff", "000000000000000000000000deadbeef", "0000000000000001", true},
      {"deadbeef:1:0:00", "000000000000000000000000deadbeef", "0000000000000001", false},
  };
  for (const auto& c : cases) {
    auto sc = parse_uber_trace_id(c.value);
    ASSERT_TRUE(sc.has_value()) << c.value;
    EXPECT_EQ(to_hex(sc->trace_id), c.trace_id) << c.value;
    EXPECT_EQ(to_hex(sc->span_id), c.span_id) << c.value;
    EXPECT_EQ(sc->sampled, c.sampled) << c.value;
  }
}

TEST(JaegerUberTraceId, InvalidValuesAreRejected) {
  const std::string cases[] = {
      "",
      ":::",
      "deadbeef:0:0:1",  // span id 0
      "0:1:0:1",         // trace id 0
      "00000000:1:0:1",
      "deadbeef:1:0",      // 3 fields
      "deadbeef:1:0:1:1",  // 5 fields
      "deadbeef::0:1",
      "deadbeef:1::1",
      "deadbeef:1:0:",
      "deadbeef:1:0:001",                         // flags are one byte
      "4bf92f3577b34da6a3ce929d0e0e47361:1:0:1",  // 33 digits
      "deadbeef:00f067aa0ba902b71:0:1",           // 17 digits
      "deadbeef:1:00f067aa0ba902b71:1",
      "deadbeeg:1:0:1",
      "dead-beef:1:0:1",
      "deadbeef:1:0:1 x",
      "deadbeef%3:1:0:1",  // a broken escape
      "deadbeef%zz1:0:1",
      "deadbeef%3A1%3A0%3A1%3A",
      std::string(100, '1') + ":1:0:1",
  };
  for (const auto& c : cases) EXPECT_FALSE(parse_uber_trace_id(c).has_value()) << c;
}

TEST(JaegerUberctx, HeadersBecomeBaggage) {
  struct Case {
    std::string_view name, value, key, want;
  } cases[] = {
      {"uberctx-key1", "value1", "key1", "value1"},
      {"UberCtx-My-Key", "v", "my-key", "v"},  // header names have no case
      {"uberctx-key1", "value%201%20%2F%20blah", "key1", "value 1 / blah"},
      {"uberctx-k", "a+b", "k", "a b"},  // form encoding
      {"uberctx-k", "", "k", ""},
  };
  for (const auto& c : cases) {
    BaggageEntry e;
    ASSERT_TRUE(parse_uberctx(c.name, c.value, &e)) << c.name;
    EXPECT_EQ(e.key, c.key);
    EXPECT_EQ(e.value, c.want);
    EXPECT_EQ(e.properties, "");
  }
}

TEST(JaegerUberctx, InvalidHeadersAreRejected) {
  struct Case {
    std::string_view name, value;
  } cases[] = {
      {"uberctx-", "v"},    {"uberctx", "v"},       {"uber-ctx-k", "v"},
      {"uberctx-k k", "v"}, {"uberctx-k", "a\x01"}, {"uberctx-k", "caf\xc3\xa9"},
      {"uberctx-k", "%zz"},
  };
  for (const auto& c : cases) {
    BaggageEntry e;
    EXPECT_FALSE(parse_uberctx(c.name, c.value, &e)) << c.name << ": " << c.value;
  }
}

}  // namespace
}  // namespace kotel::protocols::context
