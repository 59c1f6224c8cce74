#pragma once
// An attribute of a span or a log record: a name and a typed value, as
// OpenTelemetry's AnyValue without arrays and maps.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace kotel::model {

using AttributeValue = std::variant<std::string, int64_t, double, bool>;

// An attribute name: a string literal (no copy: most names are fixed) or an
// owned string (baggage keys, captured header names).
class AttrKey {
 public:
  template <size_t N>
  AttrKey(const char (&literal)[N]) : key_(std::string_view(literal, N - 1)) {}  // NOLINT: implicit on purpose
  static AttrKey owned(std::string name) { return AttrKey(std::move(name)); }
  // A view of text that outlives every attribute (static storage), not copied.
  static AttrKey of_static(std::string_view name) {
    AttrKey k("");
    k.key_ = name;
    return k;
  }
  std::string_view view() const {
    return key_.index() == 0 ? std::get<0>(key_) : std::string_view(std::get<1>(key_));
  }
  operator std::string_view() const { return view(); }  // NOLINT
  bool operator==(std::string_view other) const { return view() == other; }

 private:
  explicit AttrKey(std::string name) : key_(std::move(name)) {}
  std::variant<std::string_view, std::string> key_;
};

struct Attribute {
  AttrKey key;
  AttributeValue value;
};

}  // namespace kotel::model
