#include "cli/agent_command.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>

#include "config/otel_env.h"
#include "core/fatal_error.h"
#include "runtime/agent_runtime.h"

namespace kotel::cli {

// SIGTERM to exit: flushing spans, logs and a last metrics export all fit in it.
constexpr std::chrono::milliseconds kShutdownDeadline{5000};

int run_agent(const config::Config& cfg) {
  auto otlp = config::otlp_config_from_env(config::otel_env(cfg));
  if (!otlp) throw core::ConfigError(otlp.error());
  otlp.value().export_queue_bytes = cfg.export_queue_bytes;
  for (const auto& w : otlp.value().warnings) spdlog::warn("{}", w);
  // Signals are taken synchronously by this thread; every thread the runtime
  // starts inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  runtime::AgentRuntime agent(cfg, otlp.value());
  agent.start();
  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("received {}, stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
  agent.stop(kShutdownDeadline);
  if (agent.stragglers()) {
    spdlog::default_logger()->flush();
    std::fflush(stdout);
    std::_Exit(0);  // a thread still uses an exporter: no destructors
  }
  return 0;
}

}  // namespace kotel::cli
