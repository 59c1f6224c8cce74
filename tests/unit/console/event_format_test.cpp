#include "exporters/console/event_format.h"

#include <gtest/gtest.h>

namespace kotel::console {
namespace {

TEST(EventFormat, EndpointsV4MappedAndV6) {
  ingest::Endpoint v4;
  v4.addr = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3};
  v4.port = 443;
  EXPECT_EQ(format_endpoint(v4), "10.1.2.3:443");
  ingest::Endpoint v6;
  v6.addr[15] = 1;
  v6.port = 8080;
  EXPECT_EQ(format_endpoint(v6), "[::1]:8080");
}

TEST(EventFormat, PayloadEscapingIsBoundedAndPrintable) {
  EXPECT_EQ(escape_payload("GET / HTTP/1.1\r\n", 100), "GET / HTTP/1.1\\r\\n");
  EXPECT_EQ(escape_payload(std::string("\x00\xff\"", 3), 100), "\\x00\\xff\\\"");
  EXPECT_EQ(escape_payload(std::string(500, 'a'), 10), "aaaaaaaaaa...");
}

TEST(EventFormat, DataLineNamesProcessDirectionAndBytes) {
  ingest::Data d;
  d.key = {1234, 5, 9};
  d.tid = 1235;
  d.direction = ingest::Direction::kEgress;
  d.call = 2;
  d.bytes = 78;
  d.payload = "GET / HTTP/1.1\r\n";
  std::string line = format_event(d, nullptr, {"curl"}, "12:00:00.000001");
  EXPECT_EQ(line, "12:00:00.000001 DATA   curl[1234] tid=1235 fd=5 gen=9 egress  write 78 B @0 \"GET / HTTP/1.1\\r\\n\"");
}

TEST(EventFormat, TcpStateNames) {
  EXPECT_EQ(tcp_state_name(1), "ESTABLISHED");
  EXPECT_EQ(tcp_state_name(10), "LISTEN");
  EXPECT_EQ(tcp_state_name(99), "99");
}

}  // namespace
}  // namespace kotel::console
