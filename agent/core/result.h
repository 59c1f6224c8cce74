#pragma once
// Result<T>: a value or an error message, for failures the caller can handle;
// Result<void>: success or an error message. (C++20 has no std::expected;
// this is the small part of it kotel needs.) Start-up failures the agent
// cannot work around are thrown instead (core/fatal_error.h).

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kotel::core {

struct Error {
  std::string message;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Error e) : v_(std::move(e)) {}      // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const std::string& error() const { return std::get<1>(v_).message; }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;                                   // success
  Result(Error e) : error_(std::move(e.message)) {}     // NOLINT: implicit on purpose
  static Result success() { return {}; }

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const std::string& error() const { return *error_; }

 private:
  std::optional<std::string> error_;
};

}  // namespace kotel::core
