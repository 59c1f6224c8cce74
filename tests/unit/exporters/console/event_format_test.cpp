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
  d.call = ingest::DataCall::kWrite;
  d.bytes = 78;
  d.payload = "GET / HTTP/1.1\r\n";
  std::string line = format_event(d, nullptr, {"curl"}, "12:00:00.000001");
  EXPECT_EQ(line, "12:00:00.000001 DATA   curl[1234] tid=1235 fd=5 gen=9 egress  write 78 B @0 \"GET / HTTP/1.1\\r\\n\"");
}

TEST(EventFormat, ConnectionSummaryCountsLostBytes) {
  connections::Connection c;
  c.key = {42, 7, 3};
  c.role = ingest::Role::kServer;
  c.tuple_known = true;
  c.tuple.local.addr = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
  c.tuple.local.port = 8080;
  c.tuple.remote.addr = c.tuple.local.addr;
  c.tuple.remote.port = 50000;
  c.opened_ns = 1'000'000'000;
  c.closed = true;
  c.closed_ns = 1'250'000'000;
  c.stats(ingest::Direction::kEgress).bytes_seen = 100;
  c.stats(ingest::Direction::kIngress).bytes_seen = 40;
  c.stats(ingest::Direction::kIngress).gap_bytes = 10;
  EXPECT_EQ(format_connection_summary(c, {"nginx"}, "t"),
            "t CONN   nginx[42] fd=7 gen=3 server 127.0.0.1:8080 -> 127.0.0.1:50000 sent 100 B, received 50 B, "
            "0.250 s, 10 B lost");
}

}  // namespace
}  // namespace kotel::console
