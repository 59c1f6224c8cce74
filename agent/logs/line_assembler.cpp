#include "logs/line_assembler.h"

#include <algorithm>

namespace kotel::logs {
namespace {
constexpr uint64_t kForgetIdleStreamNs = 60'000'000'000;  // an idle stream with nothing pending

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}
}  // namespace

void LineAssembler::emit(uint32_t pid, uint8_t fd, Stream& s, bool complete) {
  if (!s.buf.empty() && s.buf.back() == '\r') s.buf.pop_back();
  if (!blank(s.buf)) {
    AssembledLine line{pid, s.tid, fd, s.first_ts, std::move(s.buf), s.truncated, complete};
    ++stats_.lines;
    if (line.truncated) ++stats_.truncated;
    if (!complete) ++stats_.partial_flushed;
    sink_(std::move(line));
  }
  s.buf.clear();
  s.truncated = false;
  s.started = false;
}

void LineAssembler::append(Stream& s, uint32_t pid, uint8_t fd, std::string_view part) {
  if (s.skipping) return;
  size_t room = limits_.max_line_bytes - s.buf.size();
  if (part.size() <= room) {
    s.buf.append(part);
    return;
  }
  s.buf.append(part.substr(0, room));
  s.truncated = true;
  emit(pid, fd, s, true);
  s.skipping = true;  // the rest of this line, up to its newline, is dropped
  s.started = true;
}

void LineAssembler::on_write(uint32_t pid, uint32_t tid, uint8_t fd, uint64_t ts_ns, std::string_view bytes,
                             bool cut) {
  auto it = streams_.find(key(pid, fd));
  if (it == streams_.end()) {
    if (streams_.size() >= limits_.max_streams) evict_oldest();
    it = streams_.emplace(key(pid, fd), Stream{}).first;
  }
  Stream& s = it->second;
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    std::string_view part = bytes.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!s.started) {
      s.started = true;
      s.tid = tid;
      s.first_ts = ts_ns;
    }
    append(s, pid, fd, part);
    if (nl == std::string_view::npos) break;
    if (s.skipping) {
      s.skipping = false;
      s.started = false;
    } else {
      emit(pid, fd, s, true);
    }
    pos = nl + 1;
  }
  s.last_ts = ts_ns;
  if (cut) {  // what followed the copied prefix is unknown: end the line here
    if (s.started && !s.skipping) {
      s.truncated = true;
      emit(pid, fd, s, false);
    }
    s.skipping = false;
    s.started = false;
  }
}

void LineAssembler::tick(uint64_t now_ns) {
  for (auto it = streams_.begin(); it != streams_.end();) {
    Stream& s = it->second;
    uint32_t pid = static_cast<uint32_t>(it->first >> 8);
    uint8_t fd = static_cast<uint8_t>(it->first & 0xff);
    if (s.started && !s.skipping && s.last_ts + limits_.idle_ns <= now_ns) emit(pid, fd, s, false);
    if (!s.started && s.last_ts + kForgetIdleStreamNs <= now_ns) it = streams_.erase(it);
    else ++it;
  }
}

void LineAssembler::on_exit(uint32_t pid) {
  for (uint8_t fd : {uint8_t{1}, uint8_t{2}}) {
    auto it = streams_.find(key(pid, fd));
    if (it == streams_.end()) continue;
    if (it->second.started && !it->second.skipping) emit(pid, fd, it->second, false);
    streams_.erase(it);
  }
}

void LineAssembler::evict_oldest() {
  auto oldest = std::min_element(streams_.begin(), streams_.end(),
                                 [](const auto& a, const auto& b) { return a.second.last_ts < b.second.last_ts; });
  if (oldest == streams_.end()) return;
  ++stats_.evicted;
  Stream& s = oldest->second;
  if (s.started && !s.skipping) emit(static_cast<uint32_t>(oldest->first >> 8), oldest->first & 0xff, s, false);
  streams_.erase(oldest);
}

}  // namespace kotel::logs
