#include "discovery/proc_net.h"

#include <gtest/gtest.h>

namespace kotel::discovery {
namespace {

// Recorded from /proc/net/tcp and tcp6 on a Debian 12 host.
constexpr const char* kTcp =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0 100 0 0 10 0\n"
    "   1: 0100007F:B9C2 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 1235 1 0 20 4 30 10 -1\n"
    "   2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99 1 0 100 0 0 10 0\n";
constexpr const char* kTcp6 =
    "  sl  local_address                         remote_address                        st tx_queue rx_queue\n"
    "   0: 00000000000000000000000001000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000\n";

TEST(ProcNet, ListeningPortsOnly) {
  EXPECT_EQ(parse_listening_ports(kTcp), (std::vector<uint16_t>{8080, 22}));
  EXPECT_EQ(parse_listening_ports(kTcp6), (std::vector<uint16_t>{8081}));
}

TEST(ProcNet, GarbageAndEmptyYieldNothing) {
  EXPECT_TRUE(parse_listening_ports("").empty());
  EXPECT_TRUE(parse_listening_ports("header only").empty());
  EXPECT_TRUE(parse_listening_ports("h\n  0: nonsense ZZ 0A\n  1: 0100007F:XYZ 0:0 0A\n").empty());
}

}  // namespace
}  // namespace kotel::discovery
