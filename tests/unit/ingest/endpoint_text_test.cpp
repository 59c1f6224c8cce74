#include "ingest/endpoint_text.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

namespace kotel::ingest {
namespace {

Endpoint v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  Endpoint e;
  e.addr[10] = e.addr[11] = 0xff;
  e.addr[12] = a;
  e.addr[13] = b;
  e.addr[14] = c;
  e.addr[15] = d;
  return e;
}

TEST(EndpointText, V4DigitsAtEveryWidthMatchInetNtop) {
  for (int v : {0, 1, 9, 10, 42, 99, 100, 109, 110, 199, 200, 255}) {
    auto b = static_cast<uint8_t>(v);
    Endpoint e = v4(b, 0, b, 255);
    char want[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, e.addr.data() + 12, want, sizeof(want));
    EXPECT_EQ(address_text(e), want);
  }
  EXPECT_TRUE(is_v4_mapped(v4(127, 0, 0, 1)));
}

TEST(EndpointText, V6) {
  Endpoint e;
  e.addr[15] = 1;
  EXPECT_FALSE(is_v4_mapped(e));
  EXPECT_EQ(address_text(e), "::1");
  e.addr[0] = 0xfe;
  e.addr[1] = 0x80;
  EXPECT_EQ(address_text(e), "fe80::1");
}

}  // namespace
}  // namespace kotel::ingest
