#pragma once
// Attaches the OpenSSL uprobes to every library file that carries OpenSSL in
// some traced process: dynamically linked libssl found in /proc/<pid>/maps, or
// an executable that defines SSL_read itself (static OpenSSL/BoringSSL).
// Once per file (device + inode), whatever the number of processes mapping
// it; detached once no process uses it. All /proc reading and attaching runs
// on this object's own thread: the pipeline only queues pids.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "probes/tls/mapped_libraries.h"
#include "probes/tls/tls_programs.h"

struct bpf_link;

namespace kotel::probes::tls {

struct AttacherStats {
  uint64_t files_attached = 0;   // library files with live uprobes now
  uint64_t attach_failures = 0;  // files whose uprobes the kernel refused
  uint64_t detaches = 0;         // files let go when their last process went
  uint64_t processes = 0;        // processes using an attached file now
};

// Attaches the OpenSSL entry and return uprobes to the library at `path`,
// appending the links to `links`. Empty on success; else why, with no link left.
std::string attach_openssl_probes(const TlsPrograms& programs, const std::string& path, std::vector<bpf_link*>* links);

class TlsAttacher {
 public:
  // Scans every process present now, then follows on_exec/on_exit.
  explicit TlsAttacher(TlsPrograms programs);
  ~TlsAttacher();
  TlsAttacher(const TlsAttacher&) = delete;
  TlsAttacher& operator=(const TlsAttacher&) = delete;

  // Cheap and thread-safe: the work happens on the attacher's thread.
  void on_exec(uint32_t pid);
  void on_exit(uint32_t pid);
  // A process forked a child while its new program was still being looked at
  // (a daemon forks and its first process exits, as nginx does): the child
  // holds the same libraries, so it is looked at in its place.
  void on_fork(uint32_t parent, uint32_t child);
  AttacherStats stats() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct AttachedFile {
    std::string path;
    std::vector<bpf_link*> links;
    std::unordered_set<uint32_t> users;
  };
  void run();
  bool scan(uint32_t pid);  // true when the process uses some OpenSSL file
  void scan_all();
  void use(uint32_t pid, const FileId& id, const std::string& path);
  bool attach(AttachedFile& file, const std::string& open_path);
  void release(uint32_t pid);
  void detach_unused();
  void publish_stats();

  TlsPrograms programs_;
  // Owned by the attacher's thread.
  std::unordered_map<FileId, AttachedFile, FileIdHash> files_;
  std::unordered_set<FileId, FileIdHash> refused_;             // attach failed: not retried
  std::unordered_map<FileId, bool, FileIdHash> exe_has_ssl_;   // static OpenSSL, by executable
  std::unordered_map<uint32_t, std::vector<FileId>> by_pid_;
  uint64_t failures_ = 0, detaches_ = 0;

  // Shared with the queueing threads.
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::multimap<Clock::time_point, std::pair<uint32_t, int>> due_;  // (pid, attempt)
  std::vector<uint32_t> exited_;
  bool stop_ = false;
  AttacherStats published_;
  std::thread thread_;
};

}  // namespace kotel::probes::tls
