#pragma once
// The `kotel agent` flags (each with a KOTEL_* env var) and how they combine
// with the config file: defaults < file < env < flags.

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "config/config.h"
#include "core/result.h"

namespace kotel::cli {

class AgentOptions {
 public:
  explicit AgentOptions(CLI::App& agent_cmd);
  // The effective configuration after parsing.
  core::Result<config::Config> resolve() const;

 private:
  struct Raw;
  std::shared_ptr<Raw> raw_;
  CLI::App* app_;
};

}  // namespace kotel::cli
