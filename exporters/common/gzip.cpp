#include "exporters/common/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <new>
#include <stdexcept>

#include "core/text.h"

namespace kotel::common {

std::string gzip_compress(std::string_view data, int level) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip header and trailer around the deflate stream.
  if (deflateInit2(&zs, level, Z_DEFLATED, MAX_WBITS + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::bad_alloc();
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(std::min<size_t>(data.size(), std::numeric_limits<uLong>::max()))));
  size_t produced = 0;
  size_t consumed = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    constexpr size_t kChunk = std::numeric_limits<uInt>::max();
    size_t in_now = std::min(kChunk, data.size() - consumed);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + consumed));
    zs.avail_in = static_cast<uInt>(in_now);
    if (produced == out.size()) out.resize(out.size() * 2 + 64);
    size_t out_now = std::min(kChunk, out.size() - produced);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    zs.avail_out = static_cast<uInt>(out_now);
    int flush = consumed + in_now == data.size() ? Z_FINISH : Z_NO_FLUSH;
    rc = deflate(&zs, flush);
    if (rc == Z_STREAM_ERROR) {
      deflateEnd(&zs);
      throw std::runtime_error("zlib deflate failed");
    }
    consumed += in_now - zs.avail_in;
    produced += out_now - zs.avail_out;
  }
  deflateEnd(&zs);
  out.resize(produced);
  return out;
}

bool accepts_gzip(std::string_view header) {
  // Comma-separated codings, each maybe with ";q=..."; "*" covers gzip too.
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    size_t semi = item.find(';');
    std::string_view coding = item.substr(0, semi);
    std::string lower = core::to_lower(core::trim_space(coding));
    if (lower != "gzip" && lower != "*") continue;
    if (semi == std::string_view::npos) return true;
    std::string_view params = item.substr(semi + 1);
    size_t q = params.find("q=");
    if (q == std::string_view::npos) return true;
    std::string_view value = params.substr(q + 2);
    // q=0, q=0.0, q=0.000 refuse; any other weight accepts.
    bool zero = !value.empty() && value.front() == '0';
    for (size_t i = 1; zero && i < value.size() && !std::isspace(static_cast<unsigned char>(value[i])); ++i)
      zero = value[i] == '.' || value[i] == '0';
    return !zero;
  }
  return false;
}

}  // namespace kotel::common
