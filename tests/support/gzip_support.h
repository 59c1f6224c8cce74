#pragma once
// Shared by the gzip and HTTP client tests: a strict gzip inflater and
// telemetry-like sample text to compress.

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

namespace kotel::testing {

inline std::string gunzip(std::string_view gz) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, MAX_WBITS + 16), Z_OK);  // gzip only, no zlib/raw auto-detection
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  EXPECT_EQ(rc, Z_STREAM_END);
  EXPECT_EQ(zs.avail_in, 0u) << "bytes after the gzip member";
  inflateEnd(&zs);
  return out;
}


// Pseudo-random words: compressible like telemetry, but not trivially.
inline std::string sample_text(size_t size) {
  using namespace std::string_view_literals;
  static constexpr std::string_view kWords[] = {"span"sv,  "GET"sv,  "/api/v1/users"sv, "200"sv,  "service.name"sv,
                                                "kotel"sv, "\0\1"sv, "trace_id"sv,      "POST"sv, "0af7651916cd43dd"sv};
  std::string out;
  uint32_t x = 12345;
  while (out.size() < size) {
    x = x * 1103515245 + 12345;
    out += kWords[(x >> 16) % std::size(kWords)];
    out += ' ';
  }
  out.resize(size);
  return out;
}

}  // namespace kotel::testing
