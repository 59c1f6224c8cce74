// `kotel check`'s exporter lines: a real connect to each configured endpoint.
#include "cli/endpoint_check.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace kotel::cli {
namespace {

using probes::CheckState;

// A loopback port with a listener, and one that was just closed.
struct Ports {
  int listener = -1;
  uint16_t open = 0, closed = 0;
  Ports() {
    auto bound = [](int fd) {
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
      socklen_t len = sizeof a;
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
      return ntohs(a.sin_port);
    };
    listener = socket(AF_INET, SOCK_STREAM, 0);
    open = bound(listener);
    listen(listener, 4);
    int gone = socket(AF_INET, SOCK_STREAM, 0);
    closed = bound(gone);
    close(gone);
  }
  ~Ports() { close(listener); }
};

TEST(ExporterCheck, ConnectsToAListeningPortAndNamesARefusedOne) {
  Ports p;
  EXPECT_EQ(tcp_connect_problem("127.0.0.1", p.open, std::chrono::milliseconds(500)), "");
  EXPECT_EQ(tcp_connect_problem("127.0.0.1", p.closed, std::chrono::milliseconds(500)), "Connection refused");
  EXPECT_NE(tcp_connect_problem("no-such-host.invalid", 80, std::chrono::milliseconds(500)).find("cannot resolve"),
            std::string::npos);

  config::OtlpConfig cfg;
  auto none = exporter_checks(cfg, std::chrono::milliseconds(500));
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].state, CheckState::kSkip);
  cfg.traces.otlp = cfg.metrics.otlp = true;
  cfg.traces.url = cfg.metrics.url = {false, "127.0.0.1", p.open, "/"};
  auto same = exporter_checks(cfg, std::chrono::milliseconds(500));
  ASSERT_EQ(same.size(), 1u);  // one line per endpoint, naming both signals
  EXPECT_EQ(same[0].state, CheckState::kPass);
  EXPECT_EQ(same[0].detail, "traces+metrics to 127.0.0.1:" + std::to_string(p.open) + " (http/protobuf): reachable");
  cfg.metrics.url.port = p.closed;
  auto two = exporter_checks(cfg, std::chrono::milliseconds(500));
  ASSERT_EQ(two.size(), 2u);
  int failed = 0;
  for (const auto& c : two) {
    if (!c.failed()) continue;
    ++failed;
    EXPECT_NE(c.detail.find("metrics to"), std::string::npos);
    EXPECT_NE(c.detail.find("metrics to 127.0.0.1:" + std::to_string(p.closed) +
                            " (http/protobuf): cannot connect (Connection refused)"),
              std::string::npos)
        << c.detail;
  }
  EXPECT_EQ(failed, 1);
}

}  // namespace
}  // namespace kotel::cli
