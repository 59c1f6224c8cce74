#include "kubernetes/container_id.h"

#include <vector>

namespace kotel::kubernetes {
namespace {

constexpr size_t kIdLength = 64;
constexpr size_t kUidLength = 36;

bool is_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// A segment naming a container: "<id>", "<runtime>-<id>" or "<runtime>-<id>.scope".
std::optional<std::string> segment_id(std::string_view seg) {
  if (seg.size() > 6 && seg.substr(seg.size() - 6) == ".scope") seg.remove_suffix(6);
  // cri-o's conmon monitor has a scope of its own next to the container's.
  if (starts_with(seg, "crio-conmon-")) return std::nullopt;
  for (std::string_view prefix : {"cri-containerd-", "crio-", "docker-", "libpod-", "containerd-"})
    if (starts_with(seg, prefix)) {
      seg.remove_prefix(prefix.size());
      break;
    }
  if (seg.size() != kIdLength || !is_hex(seg)) return std::nullopt;
  return std::string(seg);
}

// "pod<uid>" anywhere in a segment (systemd writes the uid's '-' as '_').
std::optional<std::string> segment_pod_uid(std::string_view seg) {
  for (size_t at = seg.find("pod"); at != std::string_view::npos; at = seg.find("pod", at + 1)) {
    std::string_view rest = seg.substr(at + 3);
    if (rest.size() < kUidLength) break;
    std::string uid(rest.substr(0, kUidLength));
    bool ok = true;
    for (size_t i = 0; i < uid.size() && ok; ++i) {
      char& c = uid[i];
      if (c == '_') c = '-';
      bool dash_place = i == 8 || i == 13 || i == 18 || i == 23;
      ok = dash_place ? c == '-' : is_hex(std::string_view(&c, 1));
    }
    if (ok && (rest.size() == kUidLength || rest[kUidLength] == '.' || rest[kUidLength] == '/')) return uid;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ContainerRef> container_from_cgroup_path(std::string_view path) {
  std::vector<std::string_view> segments;
  for (size_t start = 0; start <= path.size();) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  // The innermost segment naming a container wins (a runtime nested in a
  // container, like kind's, has the outer id further up).
  for (size_t i = segments.size(); i-- > 0;) {
    auto id = segment_id(segments[i]);
    if (!id) continue;
    ContainerRef ref{*id, ""};
    for (size_t j = i; j-- > 0;)
      if (auto uid = segment_pod_uid(segments[j])) {
        ref.pod_uid = *uid;
        break;
      }
    return ref;
  }
  return std::nullopt;
}

std::optional<ContainerRef> container_from_proc_cgroup(std::string_view text) {
  std::optional<ContainerRef> v1;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    // hierarchy-id:controllers:path; the path may itself contain ':'.
    size_t c1 = line.find(':');
    size_t c2 = c1 == std::string_view::npos ? c1 : line.find(':', c1 + 1);
    if (c2 == std::string_view::npos) continue;
    auto ref = container_from_cgroup_path(line.substr(c2 + 1));
    if (!ref) continue;
    if (line.substr(0, c2 + 1) == "0::") return ref;
    if (!v1) v1 = ref;
  }
  return v1;
}

std::string strip_runtime_prefix(std::string_view container_id) {
  size_t at = container_id.find("://");
  if (at == std::string_view::npos) return "";
  return std::string(container_id.substr(at + 3));
}

}  // namespace kotel::kubernetes
