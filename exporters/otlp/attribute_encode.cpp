#include "exporters/otlp/attribute_encode.h"

#include <variant>

namespace kotel::otlp {

void key_value(ProtoWriter& w, uint32_t field, const model::Attribute& a) {
  std::string_view key = a.key.view();
  if (const auto* s = std::get_if<std::string>(&a.value)) key_value(w, field, key, std::string_view(*s));
  else if (const auto* i = std::get_if<int64_t>(&a.value)) key_value(w, field, key, *i);
  else if (const auto* d = std::get_if<double>(&a.value)) key_value_double(w, field, key, *d);
  else key_value_bool(w, field, key, std::get<bool>(a.value));
}

}  // namespace kotel::otlp
