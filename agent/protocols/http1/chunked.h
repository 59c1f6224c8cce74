#pragma once
// Follows a chunked body (RFC 9112 section 7.1) to its end, byte by byte or by
// counts: chunk data may be skipped without its bytes (the kernel reports exact
// counts beyond the captured payload prefix), the framing lines may not.

#include <cstdint>
#include <string_view>

namespace kotel::protocols::http1 {

class ChunkedScanner {
 public:
  enum class Status { kInBody, kDone, kInvalid, kLost };

  // Consumes bytes; returns how many belong to the body (the rest, after
  // kDone, belongs to the next message).
  size_t feed(std::string_view bytes);
  // `n` body bytes went by without their content. Fine inside chunk data;
  // anywhere else the framing is lost (kLost).
  void skip(uint64_t n);
  Status status() const { return status_; }
  uint64_t body_bytes() const { return body_bytes_; }  // chunk data only

 private:
  enum class Step { kSize, kSizeExt, kSizeLf, kData, kDataCr, kDataLf, kTrailer, kTrailerLf, kTrailerLine };
  Step step_ = Step::kSize;
  Status status_ = Status::kInBody;
  uint64_t chunk_left_ = 0;
  uint64_t body_bytes_ = 0;
  bool size_digits_ = false;
  bool trailer_empty_ = true;
};

}  // namespace kotel::protocols::http1
