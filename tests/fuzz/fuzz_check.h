#pragma once
// What a fuzz target checks beyond "no crash, no sanitizer report": a property
// that must hold for every input. A violation aborts, so libFuzzer saves the
// input as a crash artifact.

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace kotel::fuzz {

inline void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property violated: %s\n", what);
  std::abort();
}

// `part` is a view into `whole`.
inline bool inside(std::string_view part, std::string_view whole) {
  if (part.empty()) return true;
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

}  // namespace kotel::fuzz
