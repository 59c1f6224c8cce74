// valid_tracestate on arbitrary lists.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "protocols/context/context.h"

using namespace kotel::protocols::context;
using kotel::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string v(reinterpret_cast<const char*>(data), size);
  if (!valid_tracestate(v)) return 0;
  check(valid_tracestate(v + ", "), "an empty member is always allowed");
  for (char c : v) check(c >= 0x20 ? c <= 0x7e : c == '\t', "only printable ASCII and tabs");
  size_t eq = v.find('=');
  if (eq != std::string::npos) check(!valid_tracestate(v + "," + v), "a list repeated has duplicate keys");
  return 0;
}
