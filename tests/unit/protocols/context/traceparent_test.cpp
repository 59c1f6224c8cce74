// W3C Trace Context: traceparent. Cases from the specification's examples and
// its test suite (w3c/trace-context test/test.py).
#include <gtest/gtest.h>

#include <string>

#include "protocols/context/context.h"

namespace kotel::protocols::context {
using core::to_hex;
namespace {

constexpr std::string_view kSpecTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr std::string_view kSpecSpan = "00f067aa0ba902b7";

struct Valid {
  std::string value;
  std::string_view trace_id, span_id;
  bool sampled;
};

TEST(Traceparent, ValidValuesParse) {
  const Valid cases[] = {
      {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", kSpecTrace, kSpecSpan, true},
      {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", kSpecTrace, kSpecSpan, false},
      {"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "0af7651916cd43dd8448eb211c80319c",
       "b7ad6b7169203331", true},
      // trace-flags is a bit field: only bit 0 is "sampled".
      {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09", kSpecTrace, kSpecSpan, true},
      {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02", kSpecTrace, kSpecSpan, false},
      {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff", kSpecTrace, kSpecSpan, true},
      // Surrounding OWS.
      {" \t00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 \t", kSpecTrace, kSpecSpan, true},
      // A future version: the first four fields, extra "-..." fields ignored.
      {"cc-12345678901234567890123456789012-1234567890123456-01", "12345678901234567890123456789012",
       "1234567890123456", true},
      {"cc-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like",
       "12345678901234567890123456789012", "1234567890123456", true},
      {"01-12345678901234567890123456789012-1234567890123456-00-", "12345678901234567890123456789012",
       "1234567890123456", false},
      {"fe-12345678901234567890123456789012-1234567890123456-01", "12345678901234567890123456789012",
       "1234567890123456", true},
  };
  for (const auto& c : cases) {
    auto sc = parse_traceparent(c.value);
    ASSERT_TRUE(sc.has_value()) << c.value;
    EXPECT_EQ(to_hex(sc->trace_id), c.trace_id) << c.value;
    EXPECT_EQ(to_hex(sc->span_id), c.span_id) << c.value;
    EXPECT_EQ(sc->sampled, c.sampled) << c.value;
  }
}

TEST(Traceparent, InvalidValuesAreRejected) {
  const std::string cases[] = {
      "",
      "00",
      "garbage",
      // version
      "ff-12345678901234567890123456789012-1234567890123456-01",  // forbidden
      ".0-12345678901234567890123456789012-1234567890123456-01",
      "0.-12345678901234567890123456789012-1234567890123456-01",
      "000-12345678901234567890123456789012-1234567890123456-01",
      "0000-12345678901234567890123456789012-1234567890123456-01",
      "0-12345678901234567890123456789012-1234567890123456-01",
      "0A-12345678901234567890123456789012-1234567890123456-01",  // uppercase version
      // version 00 is exactly 55 characters
      "00-12345678901234567890123456789012-1234567890123456-01.",
      "00-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like",
      // a future version still needs a '-' after the flags
      "cc-12345678901234567890123456789012-1234567890123456-01.what-the-future-will-be-like",
      // trace-id
      "00-00000000000000000000000000000000-1234567890123456-01",
      "00-.2345678901234567890123456789012-1234567890123456-01",
      "00-1234567890123456789012345678901.-1234567890123456-01",
      "00-123456789012345678901234567890123-1234567890123456-01",
      "00-1234567890123456789012345678901-1234567890123456-01",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e473G-00f067aa0ba902b7-01",
      // parent-id
      "00-12345678901234567890123456789012-0000000000000000-01",
      "00-12345678901234567890123456789012-.234567890123456-01",
      "00-12345678901234567890123456789012-123456789012345.-01",
      "00-12345678901234567890123456789012-12345678901234567-01",
      "00-12345678901234567890123456789012-123456789012345-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
      // trace-flags
      "00-12345678901234567890123456789012-1234567890123456-.0",
      "00-12345678901234567890123456789012-1234567890123456-0.",
      "00-12345678901234567890123456789012-1234567890123456-001",
      "00-12345678901234567890123456789012-1234567890123456-1",
      "00-12345678901234567890123456789012-1234567890123456-0A",
      // separators
      "00_12345678901234567890123456789012-1234567890123456-01",
      "00-12345678901234567890123456789012_1234567890123456-01",
      "00-12345678901234567890123456789012-1234567890123456_01",
      "cc-12345678901234567890123456789012-1234567890123456_01-x",
  };
  for (const auto& c : cases) EXPECT_FALSE(parse_traceparent(c).has_value()) << c;
}

TEST(Traceparent, ShorterFutureVersionIsRejected) {
  // "If the size of the header is shorter than 55 characters, the vendor should not parse the header".
  EXPECT_FALSE(parse_traceparent("cc-12345678901234567890123456789012-1234567890123456-1").has_value());
}

}  // namespace
}  // namespace kotel::protocols::context
