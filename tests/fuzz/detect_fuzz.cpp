// detect_protocol on arbitrary first bytes.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.h"
#include "protocols/detect.h"

using namespace kotel::protocols;
using kotel::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view buf(reinterpret_cast<const char*>(data), size);
  Protocol start = detect_protocol(buf, true);
  Protocol mid = detect_protocol(buf, false);
  check(mid != Protocol::kOther, "mid-stream bytes cannot rule HTTP out");
  check((start == Protocol::kHttp1) == (mid == Protocol::kHttp1), "HTTP is recognised anywhere in the stream");
  check(protocol_name(start) != nullptr, "every protocol has a name");
  return 0;
}
