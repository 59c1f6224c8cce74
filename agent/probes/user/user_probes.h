#pragma once
// The probes the user declared (config `probes:`), checked against their
// files before any is attached, attached with the probe's index as cookie,
// and their counts read from the kernel for `kotel probes` and /metrics.

#include <cstdint>
#include <string>
#include <vector>

#include "config/user_probe_config.h"
#include "core/result.h"

struct bpf_program;
struct bpf_map;
struct bpf_link;

namespace kotel::probes::user {

// Every probe's binary is a readable ELF file that defines its function or
// carries its USDT note; the first that is not, named with why.
core::Result<void> check_user_probes(const std::vector<config::UserProbeConfig>& probes);

struct UserProbePrograms {
  bpf_program* entry = nullptr;   // uprobe
  bpf_program* ret = nullptr;     // uretprobe
  bpf_program* usdt = nullptr;
  bpf_map* specs = nullptr;       // kotel_user_probe_spec by index
  bpf_map* stats = nullptr;       // kotel_user_probe_stats by index
};

struct UserProbeStatus {
  std::string name;
  std::string target;  // "/path:function" or "/path usdt provider:name"
  bool attached = false;
  uint64_t hits = 0, rate_dropped = 0, nested = 0, read_faults = 0;
};

class UserProbes {
 public:
  UserProbes(std::vector<config::UserProbeConfig> probes, UserProbePrograms programs)
      : probes_(std::move(probes)), programs_(programs) {}
  ~UserProbes();
  UserProbes(const UserProbes&) = delete;
  UserProbes& operator=(const UserProbes&) = delete;

  // Writes the specs and attaches every probe; on the first failure detaches
  // what it attached and returns why (naming the probe).
  core::Result<void> attach();
  std::vector<UserProbeStatus> status() const;
  const std::vector<config::UserProbeConfig>& probes() const { return probes_; }

 private:
  void detach();
  std::vector<config::UserProbeConfig> probes_;
  UserProbePrograms programs_;
  std::vector<bpf_link*> links_;
  bool attached_ = false;
};

std::string user_probe_target(const config::UserProbeConfig& p);

}  // namespace kotel::probes::user
