#include "probes/tls/tls_attacher.h"

#include <bpf/libbpf.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "discovery/proc_pids.h"
#include "probes/host_checks.h"
#include "probes/link_teardown.h"
#include "probes/tls/elf_symbols.h"

namespace kotel::probes::tls {
namespace {

// After an exec the loader maps libraries within milliseconds; an interpreter
// may load libssl later (Python's `import ssl`). Rescans stop at the first hit.
constexpr std::chrono::milliseconds kExecRescans[] = {std::chrono::milliseconds(5), std::chrono::milliseconds(50),
                                                      std::chrono::milliseconds(250), std::chrono::milliseconds(1000),
                                                      std::chrono::milliseconds(3000)};
// Catches libraries loaded later still, and processes whose exit was missed.
constexpr std::chrono::seconds kFullScanEvery{10};

struct Probe {
  const char* function;
  bpf_program* TlsPrograms::*program;
  bool ret;
  bool required;
};
constexpr Probe kProbes[] = {
    {"SSL_write", &TlsPrograms::ssl_write, false, true},   {"SSL_write", &TlsPrograms::ssl_return, true, true},
    {"SSL_read", &TlsPrograms::ssl_read, false, true},     {"SSL_read", &TlsPrograms::ssl_return, true, true},
    {"SSL_write_ex", &TlsPrograms::ssl_write_ex, false, false}, {"SSL_write_ex", &TlsPrograms::ssl_return, true, false},
    {"SSL_read_ex", &TlsPrograms::ssl_read_ex, false, false},   {"SSL_read_ex", &TlsPrograms::ssl_return, true, false},
};

std::string proc_path(uint32_t pid, const std::string& rest) { return "/proc/" + std::to_string(pid) + rest; }

}  // namespace

std::string attach_openssl_probes(const TlsPrograms& programs, const std::string& path, std::vector<bpf_link*>* links) {
  for (const Probe& p : kProbes) {
    if (!p.required && !elf_defines_function(path, p.function)) continue;  // OpenSSL < 1.1.1: no _ex calls
    LIBBPF_OPTS(bpf_uprobe_opts, opts, .retprobe = p.ret, .func_name = p.function);
    bpf_link* link = bpf_program__attach_uprobe_opts(programs.*p.program, -1, path.c_str(), 0, &opts);
    if (!link) {
      int err = errno;
      for (bpf_link* l : *links) bpf_link__destroy(l);
      links->clear();
      // Measured on Linux 6.18: creating a uprobe perf event needs CAP_SYS_ADMIN
      // (CAP_PERFMON is refused with EACCES), so a least-privilege agent has no TLS.
      bool denied = (err == EACCES || err == EPERM) && !has_cap_sys_admin();
      return std::string("cannot attach ") + p.function + " " + (p.ret ? "ret" : "") + "probe in " + path + ": " +
             strerror(err) +
             (denied ? ": missing capability CAP_SYS_ADMIN (this kernel creates uprobes only for it); TLS plaintext "
                       "is not captured"
                     : "");
    }
    links->push_back(link);
  }
  return {};
}

TlsAttacher::TlsAttacher(TlsPrograms programs) : programs_(programs), thread_([this] { run(); }) {}

TlsAttacher::~TlsAttacher() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
  std::vector<bpf_link*> all;
  for (auto& [id, f] : files_) all.insert(all.end(), f.links.begin(), f.links.end());
  destroy_links(all);
}

void TlsAttacher::on_exec(uint32_t pid) {
  {
    std::lock_guard lock(mu_);
    due_.emplace(Clock::now() + kExecRescans[0], std::pair{pid, 0});
  }
  wake_.notify_one();
}

void TlsAttacher::on_fork(uint32_t parent, uint32_t child) {
  {
    std::lock_guard lock(mu_);
    bool pending = std::any_of(due_.begin(), due_.end(), [&](const auto& d) { return d.second.first == parent; });
    if (!pending) return;
    due_.emplace(Clock::now() + kExecRescans[0], std::pair{child, 0});
  }
  wake_.notify_one();
}

void TlsAttacher::on_exit(uint32_t pid) {
  std::lock_guard lock(mu_);
  exited_.push_back(pid);
}

AttacherStats TlsAttacher::stats() const {
  std::lock_guard lock(mu_);
  return published_;
}

void TlsAttacher::run() {
  scan_all();
  auto next_full = Clock::now() + kFullScanEvery;
  std::unique_lock lock(mu_);
  while (!stop_) {
    auto until = due_.empty() ? next_full : std::min(next_full, due_.begin()->first);
    wake_.wait_until(lock, until, [&] { return stop_ || (!due_.empty() && due_.begin()->first <= Clock::now()); });
    if (stop_) break;
    std::vector<std::pair<uint32_t, int>> now_due;
    while (!due_.empty() && due_.begin()->first <= Clock::now()) {
      now_due.push_back(due_.begin()->second);
      due_.erase(due_.begin());
    }
    std::vector<uint32_t> exited;
    exited.swap(exited_);
    lock.unlock();
    for (uint32_t pid : exited) release(pid);
    for (auto [pid, attempt] : now_due) {
      bool found = scan(pid);
      size_t next = static_cast<size_t>(attempt) + 1;
      if (!found && next < std::size(kExecRescans) && !access(proc_path(pid, "").c_str(), F_OK)) {
        std::lock_guard relock(mu_);
        due_.emplace(Clock::now() + kExecRescans[next] - kExecRescans[attempt], std::pair{pid, static_cast<int>(next)});
      }
    }
    if (Clock::now() >= next_full) {
      scan_all();
      next_full = Clock::now() + kFullScanEvery;
    }
    publish_stats();
    lock.lock();
  }
}

bool TlsAttacher::scan(uint32_t pid) {
  bool found = false;
  if (pid == static_cast<uint32_t>(getpid())) return false;  // the agent's own exports are never traced
  for (const auto& lib : libssl_of_process(pid)) {
    use(pid, lib.id, proc_path(pid, "/root" + lib.path));
    found = true;
  }
  struct stat st {};
  std::string exe = proc_path(pid, "/exe");
  int fd = open(exe.c_str(), O_RDONLY | O_CLOEXEC);  // held: the process may exit while we read
  if (fd < 0) return found;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return found;
  }
  FileId id{uint64_t{major(st.st_dev)} << 8 | minor(st.st_dev), st.st_ino};
  auto it = exe_has_ssl_.find(id);
  if (it == exe_has_ssl_.end())
    it = exe_has_ssl_.emplace(id, elf_defines_function("/proc/self/fd/" + std::to_string(fd), "SSL_read")).first;
  close(fd);
  if (it->second) {
    use(pid, id, exe);
    found = true;
  }
  return found;
}

void TlsAttacher::scan_all() {
  std::unordered_set<uint32_t> alive;
  for (uint32_t pid : discovery::all_pids()) {
    alive.insert(pid);
    scan(pid);
  }
  std::vector<uint32_t> gone;
  for (const auto& [pid, ids] : by_pid_)
    if (!alive.count(pid)) gone.push_back(pid);
  for (uint32_t pid : gone) release(pid);
  detach_unused();
  publish_stats();
}

void TlsAttacher::use(uint32_t pid, const FileId& id, const std::string& path) {
  if (refused_.count(id)) return;
  auto it = files_.find(id);
  if (it == files_.end()) {
    // `path` goes through /proc/<pid>/root, which vanishes when that process
    // exits, as a daemon's parent does right after exec: attach through an fd
    // held meanwhile. A failed open is that process gone, not a refusal.
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    AttachedFile f{path, {}, {}};
    bool attached = attach(f, "/proc/self/fd/" + std::to_string(fd));
    close(fd);
    if (!attached) {
      refused_.insert(id);
      ++failures_;
      return;
    }
    spdlog::info("tls: uprobes attached to {} (first user pid {})", path, pid);
    it = files_.emplace(id, std::move(f)).first;
  }
  if (it->second.users.insert(pid).second) by_pid_[pid].push_back(id);
}

bool TlsAttacher::attach(AttachedFile& file, const std::string& open_path) {
  std::string err = attach_openssl_probes(programs_, open_path, &file.links);
  if (!err.empty()) spdlog::warn("tls: {} (the file mapped as {})", err, file.path);
  return err.empty();
}

void TlsAttacher::release(uint32_t pid) {
  auto it = by_pid_.find(pid);
  if (it == by_pid_.end()) return;
  for (const FileId& id : it->second)
    if (auto f = files_.find(id); f != files_.end()) f->second.users.erase(pid);
  by_pid_.erase(it);
}

// On the full scan only, not at each exit: a short-lived client (curl in a
// loop) would otherwise attach and detach the shared libssl over and over.
void TlsAttacher::detach_unused() {
  for (auto it = files_.begin(); it != files_.end();) {
    if (!it->second.users.empty()) {
      ++it;
      continue;
    }
    spdlog::info("tls: uprobes detached from {} (no process uses it)", it->second.path);
    destroy_links(it->second.links);
    ++detaches_;
    it = files_.erase(it);
  }
}

void TlsAttacher::publish_stats() {
  std::lock_guard lock(mu_);
  published_ = {files_.size(), failures_, detaches_, by_pid_.size()};
}

}  // namespace kotel::probes::tls
