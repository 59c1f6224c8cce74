#include "discovery/executable_runtime.h"

#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <array>
#include <cstring>

namespace kotel::discovery {
namespace {

constexpr std::array<std::string_view, 3> kGoSections = {".go.buildinfo", ".note.go.buildid", ".gopclntab"};

bool is_go_section(const char* name) {
  for (auto s : kGoSections)
    if (name && s == name) return true;
  return false;
}

// A DT_NEEDED entry of the dynamic section starting with `prefix`.
bool needs_library(Elf* elf, Elf_Scn* scn, const GElf_Shdr& sh, std::string_view prefix) {
  Elf_Data* data = elf_getdata(scn, nullptr);
  if (!data || sh.sh_entsize == 0) return false;
  size_t count = sh.sh_size / sh.sh_entsize;
  for (size_t i = 0; i < count; ++i) {
    GElf_Dyn dyn;
    if (!gelf_getdyn(data, static_cast<int>(i), &dyn) || dyn.d_tag == DT_NULL) break;
    if (dyn.d_tag != DT_NEEDED) continue;
    const char* lib = elf_strptr(elf, sh.sh_link, dyn.d_un.d_val);
    if (lib && std::string_view(lib).starts_with(prefix)) return true;
  }
  return false;
}

// Section headers only: a few KiB read once per executable file.
Runtime runtime_from_sections(Elf* elf) {
  size_t names = 0;
  if (elf_kind(elf) != ELF_K_ELF || elf_getshdrstrndx(elf, &names) != 0) return Runtime::kNative;
  for (Elf_Scn* scn = nullptr; (scn = elf_nextscn(elf, scn));) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh)) continue;
    if (is_go_section(elf_strptr(elf, names, sh.sh_name))) return Runtime::kGo;
    if (sh.sh_type == SHT_DYNAMIC && needs_library(elf, scn, sh, "libnode.so")) return Runtime::kNode;
  }
  return Runtime::kNative;
}

}  // namespace

const char* runtime_name(Runtime r) {
  switch (r) {
    case Runtime::kGo: return "go";
    case Runtime::kNode: return "node";
    case Runtime::kBeam: return "beam";
    default: return "native";
  }
}

Runtime executable_runtime(const std::string& path, std::string_view name) {
  if (name == "node" || name == "nodejs") return Runtime::kNode;
  if (name == "beam.smp") return Runtime::kBeam;
  if (elf_version(EV_CURRENT) == EV_NONE) return Runtime::kNative;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Runtime::kNative;
  Elf* elf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  Runtime r = elf ? runtime_from_sections(elf) : Runtime::kNative;
  if (elf) elf_end(elf);
  close(fd);
  return r;
}

}  // namespace kotel::discovery
