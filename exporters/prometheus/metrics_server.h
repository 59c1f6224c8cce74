#pragma once
// The agent's HTTP endpoint: /metrics, /healthz and /readyz, on its own
// threads, hardened for hostile clients on a node's open port:
//  - one I/O thread polls every connection; a request head must arrive within
//    head_timeout and a response leave within write_timeout, in total (not per
//    read: a client trickling bytes is cut off), heads are capped at 8 KiB;
//  - at most max_connections at once: past it the oldest connection still
//    sending its head is closed (a slow client, never a served one), counted;
//  - /healthz and /readyz are answered on the I/O thread at once; /metrics is
//    rendered on a worker thread, so scrapes can not starve the probes;
//  - optional TLS and basic auth from a Prometheus web config file.
// The pipeline never waits for it: /metrics renders a snapshot on demand.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "exporters/prometheus/text_format.h"

namespace kotel::prometheus {

struct EndpointOptions {
  std::string address;          // host:port; [v6]:port; port 0 picks one
  std::string web_config_file;  // TLS and basic auth (web_config.h), empty: plain HTTP, no auth
  size_t max_connections = 64;
  std::chrono::milliseconds head_timeout{5000};
  std::chrono::milliseconds write_timeout{10000};
};

struct EndpointStats {
  std::atomic<uint64_t> requests{0};      // answered, any status
  std::atomic<uint64_t> shed{0};          // connections closed at the cap
  std::atomic<uint64_t> timed_out{0};     // head or response not through in time
  std::atomic<uint64_t> unauthorized{0};  // /metrics without the right basic-auth user
  std::atomic<uint64_t> bad_requests{0};  // not HTTP, head too large, TLS handshake failed
};

class MetricsServer {
 public:
  using Render = std::function<std::string(Format)>;
  using Ready = std::function<bool()>;

  // Throws core::ConfigError for a bad address or web config file,
  // core::FatalError when it cannot listen.
  MetricsServer(EndpointOptions options, Render render, Ready ready);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  int port() const;
  bool tls() const;
  const EndpointStats& stats() const;

 private:
  class Loop;
  std::unique_ptr<Loop> loop_;
};

}  // namespace kotel::prometheus
