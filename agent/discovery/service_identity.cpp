#include "discovery/service_identity.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <random>

#include "core/percent.h"
#include "core/text.h"

namespace kotel::discovery {
namespace {

constexpr std::string_view kDeleted = " (deleted)";

// SHA-1 (FIPS 180-4), only for UUID v5 names: short inputs, not a security use.
class Sha1 {
 public:
  void update(std::string_view data) {
    for (char c : data) {
      buf_[used_++] = static_cast<uint8_t>(c);
      if (used_ == buf_.size()) block();
    }
    bytes_ += data.size();
  }

  std::array<uint8_t, 20> finish() {
    uint64_t bits = bytes_ * 8;
    buf_[used_++] = 0x80;
    if (used_ > 56) {
      while (used_ < 64) buf_[used_++] = 0;
      block();
    }
    while (used_ < 56) buf_[used_++] = 0;
    for (int i = 7; i >= 0; --i) buf_[used_++] = static_cast<uint8_t>(bits >> (i * 8));
    block();
    std::array<uint8_t, 20> out{};
    for (size_t i = 0; i < 20; ++i) out[i] = static_cast<uint8_t>(h_[i / 4] >> (24 - 8 * (i % 4)));
    return out;
  }

 private:
  static uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

  void block() {
    std::array<uint32_t, 80> w{};
    for (size_t i = 0; i < 16; ++i)
      w[i] = uint32_t{buf_[4 * i]} << 24 | uint32_t{buf_[4 * i + 1]} << 16 | uint32_t{buf_[4 * i + 2]} << 8 |
             uint32_t{buf_[4 * i + 3]};
    for (size_t i = 16; i < 80; ++i) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4];
    for (size_t i = 0; i < 80; ++i) {
      uint32_t f, k;
      if (i < 20) {
        f = (b & c) | (~b & d), k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d, k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d), k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d, k = 0xca62c1d6;
      }
      uint32_t t = rotl(a, 5) + f + e + k + w[i];
      e = d, d = c, c = rotl(b, 30), b = a, a = t;
    }
    h_[0] += a, h_[1] += b, h_[2] += c, h_[3] += d, h_[4] += e;
    used_ = 0;
  }

  std::array<uint32_t, 5> h_{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
  std::array<uint8_t, 64> buf_{};
  size_t used_ = 0;
  uint64_t bytes_ = 0;
};

std::string format_uuid(const uint8_t* b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 0xf];
  }
  return out;
}

// Strict: a '%' not followed by two hex digits is an error.
std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  if (!core::percent_decode(s, core::PlusIs::kPlus, &out)) return std::nullopt;
  return out;
}

// Longest prefix of s of at most max bytes that does not split a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<uint8_t>(s[n]) & 0xc0) == 0x80) --n;
  return s.substr(0, n);
}

std::string_view attribute(const ServiceIdentity& id, std::string_view key) {
  for (const auto& [k, v] : id.resource_attributes)
    if (k == key) return v;
  return {};
}

// ---- /proc ----

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Up to max bytes of a file; *truncated set when there was more.
// *open_errno: why the open failed (0 if it did not).
std::string read_bounded(const std::string& path, size_t max, bool* truncated = nullptr, int* open_errno = nullptr) {
  if (truncated) *truncated = false;
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (open_errno) *open_errno = fd.get() < 0 ? errno : 0;
  if (fd.get() < 0) return {};
  std::string out(max + 1, '\0');  // one more byte tells a cut-off read from an exact fit
  size_t n = 0;
  while (n < out.size()) {
    ssize_t r = ::read(fd.get(), out.data() + n, out.size() - n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    n += static_cast<size_t>(r);
  }
  if (n > max) {
    n = max;
    if (truncated) *truncated = true;
  }
  out.resize(n);
  return out;
}

std::string read_link(const std::string& path) {
  std::array<char, 4096> buf;
  ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size());
  if (n <= 0 || static_cast<size_t>(n) >= buf.size()) return {};
  return std::string(buf.data(), static_cast<size_t>(n));
}

std::string random_id() {
  std::random_device rd;
  std::array<uint8_t, 16> b{};
  for (size_t i = 0; i < b.size(); i += 4) {
    uint32_t r = rd();
    for (size_t j = 0; j < 4; ++j) b[i + j] = static_cast<uint8_t>(r >> (8 * j));
  }
  return format_uuid(b.data());
}

}  // namespace

std::optional<std::string_view> environ_value(std::string_view blob, std::string_view name) {
  while (!blob.empty()) {
    size_t end = blob.find('\0');
    std::string_view entry = blob.substr(0, end);
    if (entry.size() > name.size() && entry[name.size()] == '=' && entry.substr(0, name.size()) == name)
      return entry.substr(name.size() + 1);
    if (end == std::string_view::npos) break;
    blob.remove_prefix(end + 1);
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> parse_resource_attributes(std::string_view value) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t bytes = 0;
  bool last = false;
  while (!last) {
    size_t comma = value.find(',');
    last = comma == std::string_view::npos;
    std::string_view member = core::trim_ows(value.substr(0, comma));
    if (!last) value.remove_prefix(comma + 1);
    size_t eq = member.find('=');
    if (eq == std::string_view::npos || member.size() > kMaxResourceAttributeBytes) continue;
    auto key = percent_decode(core::trim_ows(member.substr(0, eq)));
    auto val = percent_decode(core::trim_ows(member.substr(eq + 1)));
    if (!key || !val || key->empty()) continue;
    auto same = std::find_if(out.begin(), out.end(), [&](const auto& kv) { return kv.first == *key; });
    if (same != out.end()) {  // a repeated key: the last one wins
      if (bytes - same->second.size() + val->size() > kMaxResourceAttributeBytes) continue;
      bytes = bytes - same->second.size() + val->size();
      same->second = std::move(*val);
      continue;
    }
    if (out.size() >= kMaxResourceAttributes || bytes + key->size() + val->size() > kMaxResourceAttributeBytes)
      continue;
    bytes += key->size() + val->size();
    out.emplace_back(std::move(*key), std::move(*val));
  }
  return out;
}

uint64_t parse_stat_start_time(std::string_view stat) {
  size_t paren = stat.rfind(')');
  if (paren == std::string_view::npos) return 0;
  std::string_view rest = stat.substr(paren + 1);
  int field = 2;  // ')' ends field 2 (comm)
  while (!rest.empty()) {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    size_t end = rest.find_first_of(" \n");
    std::string_view token = rest.substr(0, end);
    if (token.empty()) break;
    if (++field == 22) {
      uint64_t v = 0;
      auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
      return ec == std::errc{} && p == token.data() + token.size() ? v : 0;
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end);
  }
  return 0;
}

std::string uuid_v5(const std::array<uint8_t, 16>& namespace_id, std::string_view name) {
  Sha1 sha;
  sha.update(std::string_view(reinterpret_cast<const char*>(namespace_id.data()), namespace_id.size()));
  sha.update(name);
  std::array<uint8_t, 20> h = sha.finish();
  h[6] = static_cast<uint8_t>((h[6] & 0x0f) | 0x50);  // version 5
  h[8] = static_cast<uint8_t>((h[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return format_uuid(h.data());
}

ServiceIdentity identify_service(std::string_view environ_blob, std::string_view exe_path, std::string_view comm,
                                 std::string_view boot_id, uint64_t start_time_ticks, uint32_t pid) {
  ServiceIdentity id;
  id.pid = pid;
  if (exe_path.ends_with(kDeleted)) exe_path.remove_suffix(kDeleted.size());  // binary replaced on disk
  id.executable_path = exe_path;
  id.executable_name = exe_path.substr(exe_path.rfind('/') + 1);  // npos + 1 == 0
  while (!comm.empty() && (comm.back() == '\n' || comm.back() == '\0')) comm.remove_suffix(1);

  if (auto attrs = environ_value(environ_blob, "OTEL_RESOURCE_ATTRIBUTES"))
    id.resource_attributes = parse_resource_attributes(*attrs);

  std::string_view name;
  std::string_view env_name = environ_value(environ_blob, "OTEL_SERVICE_NAME").value_or("");
  if (!env_name.empty()) {
    name = env_name;
    id.name_source = "env:OTEL_SERVICE_NAME";
  } else if (std::string_view attr = attribute(id, "service.name"); !attr.empty()) {
    name = attr;
    id.name_source = "env:OTEL_RESOURCE_ATTRIBUTES";
  } else {
    name = !id.executable_name.empty() ? std::string_view(id.executable_name)
           : !comm.empty()             ? comm
                                       : std::string_view("unknown_service");
    id.name_source = "executable";
  }
  id.service_name = utf8_prefix(name, kMaxServiceNameBytes);
  id.service_namespace = attribute(id, "service.namespace");

  if (std::string_view given = attribute(id, "service.instance.id"); !given.empty()) {
    id.instance_id = given;
  } else {
    std::string source(boot_id);
    source += ':';
    source += std::to_string(pid);
    source += ':';
    source += std::to_string(start_time_ticks);
    id.instance_id = uuid_v5(kServiceInstanceNamespace, source);
  }
  return id;
}

const ServiceIdentity& ServiceCatalog::lookup(uint32_t pid, std::string_view comm_hint) {
  auto it = by_pid_.find(pid);
  if (it == by_pid_.end()) return store(pid, read(pid, comm_hint));
  lru_.splice(lru_.begin(), lru_, it->second.use);
  return it->second.identity;
}

void ServiceCatalog::forget(uint32_t pid) {
  auto it = by_pid_.find(pid);
  if (it == by_pid_.end()) return;
  lru_.erase(it->second.use);
  by_pid_.erase(it);
}

void ServiceCatalog::remember(uint32_t pid, std::string_view comm_hint) {
  store(pid, read(pid, comm_hint));
}

ServiceIdentity& ServiceCatalog::store(uint32_t pid, ServiceIdentity identity) {
  auto it = by_pid_.find(pid);
  if (it != by_pid_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second.use);
    it->second.identity = std::move(identity);
    return it->second.identity;
  }
  if (by_pid_.size() >= max_entries_) {
    by_pid_.erase(lru_.back());
    lru_.pop_back();
  }
  lru_.push_front(pid);
  return by_pid_.emplace(pid, Entry{std::move(identity), lru_.begin()}).first->second.identity;
}

const std::string& ServiceCatalog::boot_id() {
  if (!boot_id_) {
    std::string id = read_bounded(proc_root_ + "/sys/kernel/random/boot_id", 64);
    while (!id.empty() && (id.back() == '\n' || id.back() == ' ')) id.pop_back();
    boot_id_ = id.empty() ? random_id() : std::move(id);
  }
  return *boot_id_;
}

ServiceIdentity ServiceCatalog::read(uint32_t pid, std::string_view comm_hint) {
  std::string base = proc_root_ + "/" + std::to_string(pid);
  bool truncated = false;
  int env_errno = 0;
  std::string env = read_bounded(base + "/environ", kMaxEnvironBytes, &truncated, &env_errno);
  if (env_errno == EACCES || env_errno == EPERM) ++environ_denied_;
  if (truncated) env.resize(env.rfind('\0') + 1);  // drop the entry cut in the middle (npos + 1 == 0)
  std::string exe = read_link(base + "/exe");
  std::string comm = read_bounded(base + "/comm", 64);
  uint64_t start = parse_stat_start_time(read_bounded(base + "/stat", 4096));
  return identify_service(env, exe, comm.empty() ? comm_hint : std::string_view(comm), boot_id(), start, pid);
}

}  // namespace kotel::discovery
