#include "probes/libbpf_log.h"

#include <bpf/libbpf.h>
#include <spdlog/spdlog.h>

#include <cstdarg>
#include <cstdio>
#include <deque>
#include <mutex>

namespace kotel::probes {
namespace {

// libbpf's print hook is process-wide and takes no context: this is the one
// piece of global state the agent has, and it is owned here.
std::mutex g_mu;
std::deque<std::string> g_lines;
constexpr size_t kKeep = 400;

int on_libbpf_print(enum libbpf_print_level level, const char* fmt, va_list args) {
  // A verifier log arrives in one call and can be long: size the text to it.
  va_list again;
  va_copy(again, args);
  int n = vsnprintf(nullptr, 0, fmt, args);
  if (n <= 0) {
    va_end(again);
    return n;
  }
  std::string text(static_cast<size_t>(n) + 1, '\0');
  vsnprintf(text.data(), text.size(), fmt, again);
  va_end(again);
  text.resize(static_cast<size_t>(n));
  std::lock_guard lock(g_mu);
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!line.empty()) {
      g_lines.push_back(line);
      if (g_lines.size() > kKeep) g_lines.pop_front();
      if (level == LIBBPF_WARN) spdlog::debug("libbpf: {}", line);  // surfaced in the error if it matters
      else spdlog::trace("libbpf: {}", line);
    }
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return n;
}

}  // namespace

void install_libbpf_logger() { libbpf_set_print(on_libbpf_print); }

std::string libbpf_last_lines(size_t max_lines) {
  std::lock_guard lock(g_mu);
  std::string out;
  size_t first = g_lines.size() > max_lines ? g_lines.size() - max_lines : 0;
  for (size_t i = first; i < g_lines.size(); ++i) out += "  " + g_lines[i] + "\n";
  return out;
}

void libbpf_clear_log() {
  std::lock_guard lock(g_mu);
  g_lines.clear();
}

}  // namespace kotel::probes
