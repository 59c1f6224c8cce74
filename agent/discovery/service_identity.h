#pragma once
// pid -> the OpenTelemetry service it belongs to (service.name,
// service.namespace, service.instance.id, process.executable.*), decided the
// way the process's own SDK would: OTEL_SERVICE_NAME, then service.name in
// OTEL_RESOURCE_ATTRIBUTES (both read from the process's environment as it was
// at exec, /proc/<pid>/environ), then the executable's name.

#include <array>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kotel::discovery {

struct ServiceIdentity {
  // OTEL_SERVICE_NAME, else service.name from OTEL_RESOURCE_ATTRIBUTES, else the
  // executable's base name, else comm, else "unknown_service"; empty values
  // count as unset. At most kMaxServiceNameBytes (cut on a UTF-8 boundary).
  std::string service_name;
  // "env:OTEL_SERVICE_NAME" | "env:OTEL_RESOURCE_ATTRIBUTES" | "executable"
  // ("executable" also when the name came from comm).
  const char* name_source = "executable";
  std::string service_namespace;  // service.namespace from OTEL_RESOURCE_ATTRIBUTES, else ""
  // service.instance.id from OTEL_RESOURCE_ATTRIBUTES if set there, else a UUID v5
  // (namespace kServiceInstanceNamespace) of "<boot id>:<pid>:<start time ticks>":
  // stable across agent restarts, unique per process lifetime.
  std::string instance_id;
  uint32_t pid = 0;
  std::string executable_name;  // process.executable.name (base name of the path)
  std::string executable_path;  // process.executable.path (" (deleted)" suffix removed)
  // OTEL_RESOURCE_ATTRIBUTES decoded, in order, a repeated key keeping its last value.
  std::vector<std::pair<std::string, std::string>> resource_attributes;
};

inline constexpr size_t kMaxServiceNameBytes = 256;
// Bounds on what one process's OTEL_RESOURCE_ATTRIBUTES may hold in the
// cache; members past them are skipped like invalid ones.
inline constexpr size_t kMaxResourceAttributes = 64;
inline constexpr size_t kMaxResourceAttributeBytes = 4096;  // keys + values, decoded

// The UUID namespace the semantic conventions give for v5 service.instance.id.
inline constexpr std::array<uint8_t, 16> kServiceInstanceNamespace = {0x4d, 0x63, 0x00, 0x9a, 0x8d, 0x0f, 0x11, 0xee,
                                                                      0xaa, 0xd7, 0x4c, 0x79, 0x6e, 0xd8, 0xe3, 0x20};

// ---- Pure parts ----

// Value of the first `name=` entry in a NUL-separated environ blob
// (/proc/<pid>/environ); nullopt if absent. Points into the blob.
std::optional<std::string_view> environ_value(std::string_view environ_blob, std::string_view name);

// OTEL_RESOURCE_ATTRIBUTES: comma-separated key=value members (W3C Baggage
// without properties), keys and values percent-decoded and trimmed of spaces
// and tabs. Members that are empty, lack '=', have an empty key or a malformed
// %-escape, or exceed the bounds above are skipped; the rest are kept.
std::vector<std::pair<std::string, std::string>> parse_resource_attributes(std::string_view value);

// Field 22 (starttime, clock ticks since boot) of /proc/<pid>/stat text; 0 if
// malformed. Copes with spaces and ')' in comm.
uint64_t parse_stat_start_time(std::string_view stat);

// RFC 4122 version-5 (SHA-1, name-based) UUID, lower-case 8-4-4-4-12 text.
std::string uuid_v5(const std::array<uint8_t, 16>& namespace_id, std::string_view name);

// The identity of a process from what is known of it; any input may be empty.
// comm may end in '\n' (as read from /proc/<pid>/comm).
ServiceIdentity identify_service(std::string_view environ_blob, std::string_view exe_path, std::string_view comm,
                                 std::string_view boot_id, uint64_t start_time_ticks, uint32_t pid);

// ---- I/O part ----

// pid -> ServiceIdentity, read from <proc_root>/<pid>/{environ,exe,comm,stat}
// (environ bounded to kMaxEnvironBytes) and <proc_root>/sys/kernel/random/boot_id
// (read once; if unreadable, a random id for this agent run stands in, so ids
// stay unique but not stable across restarts). A process that is gone or
// unreadable still gets an identity from what is known (the comm hint). Never
// throws on I/O errors. At most max_entries pids are cached; the least recently
// used is evicted. Single-threaded. A returned reference is valid until the
// next call on the catalog.
class ServiceCatalog {
 public:
  static constexpr size_t kMaxEnvironBytes = 64 * 1024;

  explicit ServiceCatalog(size_t max_entries = 65536, std::string proc_root = "/proc")
      : max_entries_(max_entries == 0 ? 1 : max_entries), proc_root_(std::move(proc_root)) {}

  // Cached identity, reading /proc the first time a pid is seen.
  const ServiceIdentity& lookup(uint32_t pid, std::string_view comm_hint = {});
  // Drop a pid (on exec or exit).
  void forget(uint32_t pid);
  // Read a pid now, replacing what was cached (at exec, while it surely exists).
  void remember(uint32_t pid, std::string_view comm_hint = {});
  size_t size() const { return by_pid_.size(); }
  // Processes whose environ the agent was not allowed to read (another user's
  // process without the capability to inspect it): named by executable instead.
  uint64_t environ_denied() const { return environ_denied_; }

 private:
  struct Entry {
    ServiceIdentity identity;
    std::list<uint32_t>::iterator use;  // position in lru_
  };

  ServiceIdentity read(uint32_t pid, std::string_view comm_hint);
  const std::string& boot_id();
  ServiceIdentity& store(uint32_t pid, ServiceIdentity identity);

  size_t max_entries_;
  std::string proc_root_;
  std::optional<std::string> boot_id_;
  std::unordered_map<uint32_t, Entry> by_pid_;
  std::list<uint32_t> lru_;  // most recently used first
  uint64_t environ_denied_ = 0;
};

}  // namespace kotel::discovery
