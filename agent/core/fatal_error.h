#pragma once
// Start-up failures the agent cannot work around, thrown and caught once in
// main, which prints them one way and exits with one code per kind:
//  - ConfigError (exit 2): what the user configured is wrong (flags, KOTEL_*,
//    OTEL_*, the config file); the message names the setting;
//  - FatalError (exit 1): the host cannot run the agent as configured; the
//    message says what failed and the one thing to do about it.
// Everything recoverable is a value (core/result.h).

#include <stdexcept>
#include <string>

namespace kotel::core {

inline constexpr int kExitConfigError = 2;
inline constexpr int kExitFatalError = 1;

class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(const std::string& what) : std::runtime_error(what) {}
};

class FatalError : public std::runtime_error {
 public:
  FatalError(const std::string& what, std::string hint, std::string details = {})
      : std::runtime_error(what), hint_(std::move(hint)), details_(std::move(details)) {}

  const std::string& hint() const { return hint_; }
  // Extra lines worth showing (e.g. the verifier's last lines), may be empty.
  const std::string& details() const { return details_; }

 private:
  std::string hint_;
  std::string details_;
};

}  // namespace kotel::core
