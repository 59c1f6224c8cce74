// gzip for OTLP/HTTP bodies and /metrics: round trip through zlib's inflate,
// and which Accept-Encoding values allow it.

#include "exporters/common/gzip.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace kotel::common {
namespace {

std::string gunzip(const std::string& gz) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, MAX_WBITS + 16), Z_OK);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

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
