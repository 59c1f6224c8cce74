#include "ingest/endpoint_text.h"

#include <arpa/inet.h>

#include <algorithm>

namespace kotel::ingest {

bool is_v4_mapped(const Endpoint& e) {
  static constexpr std::array<uint8_t, 12> kV4Mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::equal(kV4Mapped.begin(), kV4Mapped.end(), e.addr.begin());
}

std::string address_text(const Endpoint& e) {
  if (is_v4_mapped(e)) {  // by hand: inet_ntop formats through snprintf, a hot spot per span
    char buf[16];
    size_t n = 0;
    for (int i = 12; i < 16; ++i) {
      unsigned v = e.addr[i];
      if (v >= 100) buf[n++] = static_cast<char>('0' + v / 100);
      if (v >= 10) buf[n++] = static_cast<char>('0' + v / 10 % 10);
      buf[n++] = static_cast<char>('0' + v % 10);
      if (i < 15) buf[n++] = '.';
    }
    return std::string(buf, n);
  }
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(AF_INET6, e.addr.data(), buf, sizeof(buf));
  return buf;
}

}  // namespace kotel::ingest
