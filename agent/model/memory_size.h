#pragma once
// What an attribute list holds in memory, roughly: for byte budgets (the
// export queue's --export-queue-bytes), not for accounting to the byte.

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "model/attribute.h"

namespace kotel::model {

inline size_t heap_bytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

inline size_t approximate_bytes(const std::vector<Attribute>& attributes) {
  size_t n = attributes.capacity() * sizeof(Attribute);
  for (const auto& a : attributes) {
    n += a.key.view().size();  // owned keys only allocate; literals are free: an upper bound is fine
    if (const auto* s = std::get_if<std::string>(&a.value)) n += heap_bytes(*s);
  }
  return n;
}

}  // namespace kotel::model
