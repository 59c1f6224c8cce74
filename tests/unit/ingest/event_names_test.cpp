#include "ingest/event_names.h"

#include <gtest/gtest.h>

#include <string>

namespace kotel::ingest {
namespace {

TEST(EventNames, TcpStateNames) {
  EXPECT_EQ(std::string(tcp_state_name(TcpState::kEstablished)), "ESTABLISHED");
  EXPECT_EQ(std::string(tcp_state_name(TcpState::kListen)), "LISTEN");
  EXPECT_EQ(std::string(tcp_state_name(TcpState::kUnknown)), "?");
}

}  // namespace
}  // namespace kotel::ingest
