// The Redis stitcher on an arbitrary client connection: commands and replies
// split anywhere, with bytes the capture missed and gaps. It must never crash,
// every call it reports pairs a command it read, and its names stay bounded.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "protocols/redis/redis_stitch.h"

using kotel::fuzz::check;
namespace redis = kotel::protocols::redis;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  redis::RedisStats stats;
  redis::RedisStitcher st(&stats);
  std::vector<redis::RedisCall> done;
  uint64_t ts = 1;
  while (in.remaining_bytes() > 0) {
    bool egress = in.ConsumeBool();
    uint64_t uncaptured = in.ConsumeBool() ? in.ConsumeIntegralInRange<uint64_t>(0, 1 << 20) : 0;
    uint64_t gap = in.ConsumeIntegralInRange<uint8_t>(0, 255) == 0 ? in.ConsumeIntegralInRange<uint64_t>(1, 4096) : 0;
    std::string bytes = in.ConsumeRandomLengthString(512);
    size_t before = done.size();
    st.on_segment(egress, bytes, uncaptured, gap, ++ts, 7, &done);
    check(egress ? done.size() == before : true, "commands alone complete no call");
    for (size_t i = before; i < done.size(); ++i) {
      check(done[i].command.size() <= 32, "command names stay bounded");
      check(done[i].error_prefix.size() <= 32, "error prefixes stay bounded");
      check(done[i].start_ns <= done[i].end_ns, "a call ends after it starts");
    }
  }
  check(stats.calls == done.size(), "every call counted");
  st.on_close();
  return 0;
}
