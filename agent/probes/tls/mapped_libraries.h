#pragma once
// Which OpenSSL libraries a process has mapped, from /proc/<pid>/maps: the
// dynamically linked libssl. A file is named by device and inode, which is
// what a uprobe attaches to (one attach serves every process mapping it).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kotel::probes::tls {

struct FileId {
  uint64_t dev = 0;  // as /proc/<pid>/maps prints it: (major << 8) | minor
  uint64_t inode = 0;
  bool operator==(const FileId&) const = default;
};

struct FileIdHash {
  size_t operator()(const FileId& f) const { return std::hash<uint64_t>()(f.inode * 31 + f.dev); }
};

struct MappedLibrary {
  FileId id;
  std::string path;  // as mapped, inside the process's mount namespace
};

// libssl.so* files in the text of a maps file, each once.
std::vector<MappedLibrary> libssl_in_maps(std::string_view maps_text);

// The same for a live process; empty when it is gone or unreadable.
std::vector<MappedLibrary> libssl_of_process(uint32_t pid);

}  // namespace kotel::probes::tls
