#pragma once
// The most recent export error and when it happened, shared between the
// exporting thread (writes) and `kotel status` (reads).

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace kotel::exporters {

class LastError {
 public:
  struct Value {
    std::string text;  // "" when no export has failed
    uint64_t unix_ns = 0;
  };
  void set(std::string text) {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    std::lock_guard lock(mu_);
    value_ = {std::move(text), static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count())};
  }
  Value get() const {
    std::lock_guard lock(mu_);
    return value_;
  }

 private:
  mutable std::mutex mu_;
  Value value_;
};

}  // namespace kotel::exporters
