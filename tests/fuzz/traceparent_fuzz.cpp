// parse_traceparent: what it accepts round-trips to the same hex.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.h"
#include "protocols/context/context.h"

using namespace kotel::protocols::context;
using kotel::core::all_zero;
using kotel::core::to_hex;
using kotel::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view v(reinterpret_cast<const char*>(data), size);
  auto sc = parse_traceparent(v);
  if (!sc) return 0;
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  check(v.size() >= 55, "at least 55 characters");
  check(v.substr(0, 2) != "ff", "version ff is invalid");
  check(v.substr(3, 32) == to_hex(sc->trace_id), "trace id round-trips");
  check(v.substr(36, 16) == to_hex(sc->span_id), "span id round-trips");
  check(!all_zero(sc->trace_id) && !all_zero(sc->span_id), "ids are not zero");
  return 0;
}
