// The HTTP client's pure rules: Retry-After parsing, which statuses are
// retried (the OTLP table).
#include <gtest/gtest.h>

#include "exporters/otlp/http_client.h"

namespace kotel::otlp {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using std::chrono::system_clock;

system_clock::time_point at(int y, unsigned mo, unsigned d, int h, int mi, int s) {
  return std::chrono::sys_days(std::chrono::year(y) / mo / d) + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(s);
}



TEST(ParseRetryAfter, DelaySeconds) {
  auto now = system_clock::now();
  EXPECT_EQ(parse_retry_after("2", now), milliseconds(2000));
  EXPECT_EQ(parse_retry_after("0", now), milliseconds(0));
  EXPECT_EQ(parse_retry_after(" 120 ", now), milliseconds(120000));
  // Absurd values saturate instead of overflowing.
  auto huge = parse_retry_after("99999999999999999999999999", now);
  ASSERT_TRUE(huge.has_value());
  EXPECT_GT(*huge, milliseconds(0));
}

TEST(ParseRetryAfter, HttpDateInAllThreeForms) {
  auto now = at(1994, 11, 6, 8, 49, 0);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), milliseconds(37000));   // IMF-fixdate
  EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now), milliseconds(37000));  // rfc850-date
  EXPECT_EQ(parse_retry_after("Sun Nov  6 08:49:37 1994", now), milliseconds(37000));        // asctime-date
  EXPECT_EQ(parse_retry_after("Mon, 07 Nov 1994 08:49:00 GMT", now), milliseconds(24 * 3600 * 1000));
  // Across a month, a year and a leap day.
  EXPECT_EQ(parse_retry_after("Thu, 29 Feb 2024 00:00:01 GMT", at(2024, 2, 28, 23, 59, 59)), milliseconds(2000));
  EXPECT_EQ(parse_retry_after("Wed, 01 Jan 2025 00:00:00 GMT", at(2024, 12, 31, 23, 59, 0)), milliseconds(60000));
}

TEST(ParseRetryAfter, RelativeToASubSecondNowNeverEarly) {
  auto now = at(2024, 5, 1, 12, 0, 0) + 250ms;
  EXPECT_EQ(parse_retry_after("Wed, 01 May 2024 12:00:02 GMT", now), milliseconds(1750));
}

TEST(ParseRetryAfter, RfcTwoDigitYearsAreTheMostRecentPast) {
  auto now = at(2024, 1, 1, 0, 0, 0);
  EXPECT_EQ(parse_retry_after("Monday, 01-Jan-24 00:00:05 GMT", now), milliseconds(5000));
  // "99" is 1999, not 2099 (more than 50 years ahead), so it is in the past.
  EXPECT_EQ(parse_retry_after("Friday, 31-Dec-99 23:59:59 GMT", now), milliseconds(0));
}

TEST(ParseRetryAfter, PastDatesMeanNow) {
  auto now = at(2024, 5, 1, 12, 0, 0);
  EXPECT_EQ(parse_retry_after("Fri, 31 Dec 1999 23:59:59 GMT", now), milliseconds(0));
  EXPECT_EQ(parse_retry_after("Wed, 01 May 2024 11:59:59 GMT", now), milliseconds(0));
  EXPECT_EQ(parse_retry_after("Wed, 01 May 2024 12:00:00 GMT", now), milliseconds(0));
}

TEST(ParseRetryAfter, GarbageIsNothing) {
  auto now = at(2024, 5, 1, 12, 0, 0);
  for (std::string_view bad : {"",
                               "   ",
                               "soon",
                               "-5",
                               "1.5",
                               "2s",
                               "2 3",
                               "0x10",
                               "Sun, 06 Nov 1994",
                               "Sun, 06 Nov 1994 08:49:37",
                               "Sun, 06 Nov 1994 08:49:37 PST",
                               "Sun, 32 Nov 1994 08:49:37 GMT",
                               "Sun, 29 Feb 2023 08:49:37 GMT",
                               "Sun, 06 Foo 1994 08:49:37 GMT",
                               "Sun, 06 Nov 1994 24:00:00 GMT",
                               "Sun, 06 Nov 1994 08:49:37 GMT trailing",
                               "Sun, 6 Nov 1994 08:49:37 GMT",
                               "Sun, 06 Nov 94 08:49:37 GMT",
                               "Sun Nov  6 08:49:37",
                               "1994-11-06T08:49:37Z"}) {
    EXPECT_EQ(parse_retry_after(bad, now), std::nullopt) << "'" << bad << "'";
  }
}

TEST(ClassifyHttpStatus, FollowsTheOtlpTable) {
  struct Case {
    long status;
    HttpOutcome outcome;
  };
  for (Case c :
       {Case{200, HttpOutcome::kOk}, Case{202, HttpOutcome::kOk}, Case{204, HttpOutcome::kOk},
        Case{0, HttpOutcome::kRetryable}, Case{429, HttpOutcome::kRetryable}, Case{502, HttpOutcome::kRetryable},
        Case{503, HttpOutcome::kRetryable}, Case{504, HttpOutcome::kRetryable}, Case{100, HttpOutcome::kPermanent},
        Case{301, HttpOutcome::kPermanent}, Case{307, HttpOutcome::kPermanent}, Case{400, HttpOutcome::kPermanent},
        Case{401, HttpOutcome::kPermanent}, Case{403, HttpOutcome::kPermanent}, Case{404, HttpOutcome::kPermanent},
        Case{408, HttpOutcome::kPermanent}, Case{413, HttpOutcome::kPermanent}, Case{500, HttpOutcome::kPermanent},
        Case{501, HttpOutcome::kPermanent}}) {
    EXPECT_EQ(classify_http_status(c.status), c.outcome) << c.status;
  }
}

}  // namespace
}  // namespace kotel::otlp
