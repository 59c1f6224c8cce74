#include "ingest/endpoint_text.h"

#include <arpa/inet.h>

#include <algorithm>

namespace kotel::ingest {

bool is_v4_mapped(const Endpoint& e) {
  static constexpr std::array<uint8_t, 12> kV4Mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::equal(kV4Mapped.begin(), kV4Mapped.end(), e.addr.begin());
}

static_assert(std::tuple_size_v<AddressText> >= INET6_ADDRSTRLEN);

std::string_view address_text(const Endpoint& e, AddressText& buf) {
  if (is_v4_mapped(e)) {  // by hand: inet_ntop formats through snprintf, a hot spot per span
    size_t n = 0;
    for (int i = 12; i < 16; ++i) {
      unsigned v = e.addr[i];
      if (v >= 100) buf[n++] = static_cast<char>('0' + v / 100);
      if (v >= 10) buf[n++] = static_cast<char>('0' + v / 10 % 10);
      buf[n++] = static_cast<char>('0' + v % 10);
      if (i < 15) buf[n++] = '.';
    }
    return {buf.data(), n};
  }
  buf.fill(0);
  inet_ntop(AF_INET6, e.addr.data(), buf.data(), buf.size());
  return buf.data();
}

std::string address_text(const Endpoint& e) {
  AddressText buf;
  return std::string(address_text(e, buf));
}

}  // namespace kotel::ingest
