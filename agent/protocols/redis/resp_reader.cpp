#include "protocols/redis/resp_reader.h"

#include <algorithm>
#include <charconv>

namespace kotel::protocols::redis {
namespace {

constexpr size_t kMaxName = 32;

bool parse_int(std::string_view s, int64_t* v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return ec == std::errc() && p == s.data() + s.size();
}

std::string upper_prefix(std::string_view s) {
  std::string out(s.substr(0, kMaxName));
  for (char& c : out) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  return out;
}

}  // namespace

void RespReader::feed(std::string_view data, uint64_t uncaptured, uint64_t ts_ns, uint32_t tid,
                      std::vector<RespValue>* out) {
  ts_ns_ = ts_ns;
  tid_ = tid;
  while (!broken_ && (!data.empty() || (uncaptured && skip_))) {
    if (skip_) {
      uint64_t from_data = std::min<uint64_t>(skip_, data.size());
      if (capture_bulk_ && current_.command.size() < kMaxName) {
        // The command name: a bulk string's first bytes (its CRLF excluded below).
        std::string_view name = data.substr(0, from_data);
        if (skip_ <= 2) name = {};
        else if (from_data > skip_ - 2) name = name.substr(0, skip_ - 2);
        current_.command += upper_prefix(name).substr(0, kMaxName - current_.command.size());
      }
      skip_ -= from_data;
      data.remove_prefix(from_data);
      if (skip_ && data.empty()) {  // the rest of this payload was not captured
        uint64_t from_gap = std::min(skip_, uncaptured);
        skip_ -= from_gap;
        uncaptured -= from_gap;
      }
      if (skip_ == 0) {
        capture_bulk_ = false;
        element_done(out);
      }
      continue;
    }
    if (data.empty()) {  // uncaptured bytes outside a bulk payload: structure unknown
      broken_ = true;
      return;
    }
    size_t nl = data.find('\n');
    std::string_view part = data.substr(0, nl == std::string_view::npos ? data.size() : nl + 1);
    if (line_.size() + part.size() > kMaxLine) {
      broken_ = true;
      return;
    }
    line_.append(part);
    data.remove_prefix(part.size());
    if (nl == std::string_view::npos) continue;
    if (line_.size() < 3 || line_[line_.size() - 2] != '\r') {
      broken_ = true;
      return;
    }
    std::string line = std::move(line_);
    line_.clear();
    on_line(std::string_view(line).substr(0, line.size() - 2), out);
  }
  if (!broken_ && uncaptured) broken_ = true;  // bytes after the last complete line were not captured
}

void RespReader::on_line(std::string_view line, std::vector<RespValue>* out) {
  char type = line[0];
  std::string_view rest = line.substr(1);
  bool top = pending_.empty();
  if (top) {
    current_ = RespValue{};
    current_.type = type;
    current_.start_ns = ts_ns_;
    current_.tid = tid_;
  }
  int64_t n = 0;
  switch (type) {
    case '*': case '%': case '~': case '>': case '|':  // array, map, set, push, attribute
      if (!parse_int(rest, &n)) break;
      if (top && type == '*') current_.elements = n > 0 ? static_cast<uint32_t>(n) : 0;
      if (type == '%' || type == '|') n *= 2;  // key and value
      if (n <= 0) {                            // empty or null aggregate: done at once
        element_done(out);
        return;
      }
      if (pending_.size() >= kMaxDepth) break;
      pending_.push_back(n);
      if (type == '|') {  // an attribute precedes the value it describes: it is not an element
        pending_.back() += 1;
      }
      return;
    case '$': case '=': case '!':  // bulk string, verbatim string, blob error
      if (!parse_int(rest, &n)) break;
      if (type == '!' && top) current_.error = true;
      if (n < 0) {  // null bulk
        element_done(out);
        return;
      }
      // The command name: the first element of a top-level array.
      capture_bulk_ = type == '$' && pending_.size() == 1 && current_.type == '*' && pending_[0] == current_.elements &&
                      current_.command.empty();
      skip_ = static_cast<uint64_t>(n) + 2;
      return;
    case '+': case ':': case '_': case ',': case '#': case '(':
      element_done(out);
      return;
    case '-':
      if (top) {
        current_.error = true;
        current_.error_prefix = std::string(rest.substr(0, std::min(rest.find(' '), kMaxName)));
      }
      element_done(out);
      return;
    default:
      break;
  }
  broken_ = true;  // not RESP
}

void RespReader::element_done(std::vector<RespValue>* out) {
  while (!pending_.empty()) {
    if (--pending_.back() > 0) return;
    pending_.pop_back();
  }
  current_.end_ns = ts_ns_;
  out->push_back(std::move(current_));
  current_ = RespValue{};
}

}  // namespace kotel::protocols::redis
