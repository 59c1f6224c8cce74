#include "protocols/http1/chunked.h"

#include <algorithm>

#include "core/hex.h"

namespace kotel::protocols::http1 {
namespace {
using core::hex_value;
constexpr uint64_t kMaxChunk = uint64_t{1} << 40;
}  // namespace

size_t ChunkedScanner::feed(std::string_view b) {
  size_t i = 0;
  while (i < b.size() && status_ == Status::kInBody) {
    char c = b[i];
    switch (step_) {
      case Step::kSize: {
        int v = hex_value(c);
        if (v >= 0) {
          if (chunk_left_ > kMaxChunk) return status_ = Status::kInvalid, i;
          chunk_left_ = chunk_left_ * 16 + static_cast<uint64_t>(v);
          size_digits_ = true;
        } else if (size_digits_ && (c == ';' || c == ' ' || c == '\t')) {
          step_ = Step::kSizeExt;
        } else if (size_digits_ && c == '\r') {
          step_ = Step::kSizeLf;
        } else {
          status_ = Status::kInvalid;
          return i;
        }
        ++i;
        break;
      }
      case Step::kSizeExt:
        if (c == '\r') step_ = Step::kSizeLf;
        ++i;
        break;
      case Step::kSizeLf:
        if (c != '\n') return status_ = Status::kInvalid, i;
        ++i;
        step_ = chunk_left_ == 0 ? Step::kTrailer : Step::kData;
        break;
      case Step::kData: {
        size_t n = static_cast<size_t>(std::min<uint64_t>(chunk_left_, b.size() - i));
        chunk_left_ -= n;
        body_bytes_ += n;
        i += n;
        if (chunk_left_ == 0) step_ = Step::kDataCr;
        break;
      }
      case Step::kDataCr:
        if (c != '\r') return status_ = Status::kInvalid, i;
        ++i;
        step_ = Step::kDataLf;
        break;
      case Step::kDataLf:
        if (c != '\n') return status_ = Status::kInvalid, i;
        ++i;
        step_ = Step::kSize;
        size_digits_ = false;
        break;
      case Step::kTrailer:  // start of a trailer line, or the final CRLF
        ++i;
        if (c == '\r') {
          step_ = Step::kTrailerLf;
        } else {
          trailer_empty_ = false;
          step_ = Step::kTrailerLine;
        }
        break;
      case Step::kTrailerLine:
        ++i;
        if (c == '\r') step_ = Step::kTrailerLf;
        break;
      case Step::kTrailerLf:
        if (c != '\n') return status_ = Status::kInvalid, i;
        ++i;
        if (trailer_empty_) {
          status_ = Status::kDone;
        } else {
          trailer_empty_ = true;
          step_ = Step::kTrailer;
        }
        break;
    }
  }
  return i;
}

void ChunkedScanner::skip(uint64_t n) {
  if (status_ != Status::kInBody || n == 0) return;
  if (step_ == Step::kData && n <= chunk_left_) {
    chunk_left_ -= n;
    body_bytes_ += n;
    if (chunk_left_ == 0) step_ = Step::kDataCr;
    return;
  }
  status_ = Status::kLost;
}

}  // namespace kotel::protocols::http1
