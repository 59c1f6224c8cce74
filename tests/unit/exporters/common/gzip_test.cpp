// gzip for OTLP/HTTP bodies and /metrics: round trip through zlib's inflate,
// and which Accept-Encoding values allow it.

#include "exporters/common/gzip.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/gzip_support.h"

namespace kotel::common {
namespace {

using testing::gunzip;
using testing::sample_text;

TEST(Gzip, RoundTripsAtEveryLevel) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "kotel_events_total{hook=\"sock_send\"} " + std::to_string(i) + "\n";
  for (int level : {-1, 1, 9}) {
    std::string gz = gzip_compress(text, level);
    EXPECT_LT(gz.size(), text.size() / 5) << level;
    EXPECT_EQ(gunzip(gz), text) << level;
  }
  EXPECT_EQ(gunzip(gzip_compress("")), "");
}

TEST(Gzip, RoundTripsThroughAStrictInflateAtEverySize) {
  for (size_t size : {size_t{0}, size_t{1}, size_t{1000}, size_t{3} << 20}) {
    std::string data = sample_text(size);
    std::string gz = gzip_compress(data);
    ASSERT_GE(gz.size(), 18u) << size;  // 10-byte header + 8-byte trailer at least
    EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
    EXPECT_EQ(gz[2], 8) << "CM = deflate";
    EXPECT_EQ(gunzip(gz), data) << size;
    if (size >= 1000) {
      EXPECT_LT(gz.size(), data.size() / 2) << size;
    }
  }
}

TEST(Gzip, AcceptEncodingValues) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("GZip"));
  EXPECT_TRUE(accepts_gzip("deflate, gzip;q=0.5"));
  EXPECT_TRUE(accepts_gzip("br, *"));
  EXPECT_TRUE(accepts_gzip("gzip; q=1.0, identity"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0.000"));
  EXPECT_FALSE(accepts_gzip("x-gzip-not"));
}

}  // namespace
}  // namespace kotel::common
