#pragma once
// A start-up failure the agent cannot work around: caught once in main, which
// prints what failed and the one thing the user should do about it.

#include <stdexcept>
#include <string>

namespace kotel::core {

class FatalError : public std::runtime_error {
 public:
  FatalError(std::string what, std::string hint, std::string details = {})
      : std::runtime_error(std::move(what)), hint_(std::move(hint)), details_(std::move(details)) {}

  const std::string& hint() const { return hint_; }
  // Extra lines worth showing (e.g. the verifier's last lines), may be empty.
  const std::string& details() const { return details_; }

 private:
  std::string hint_;
  std::string details_;
};

}  // namespace kotel::core
