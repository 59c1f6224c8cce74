#pragma once
// A small HTTP server for /metrics, /healthz and /readyz on its own thread.
// The pipeline never waits for it: /metrics renders a snapshot on demand.

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "exporters/prometheus/text_format.h"

namespace httplib {
class Server;
}

namespace kotel::prometheus {

class MetricsServer {
 public:
  using Render = std::function<std::string(Format)>;
  using Ready = std::function<bool()>;

  // address "host:port"; throws core::FatalError when it cannot listen.
  MetricsServer(const std::string& address, Render render, Ready ready);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  int port() const { return port_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace kotel::prometheus
