#include "probes/user/usdt_notes.h"

#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <cstring>
#include <string_view>

namespace kotel::probes::user {
namespace {

constexpr uint32_t kStapsdtNoteType = 3;

// A note's description: the probe's pc, base and semaphore addresses (one
// word each), then "provider\0name\0arguments\0".
bool note_names(const char* desc, size_t size, size_t word, std::string_view provider, std::string_view name) {
  if (size < 3 * word) return false;
  std::string_view rest(desc + 3 * word, size - 3 * word);
  size_t p_end = rest.find('\0');
  if (p_end == std::string_view::npos || rest.substr(0, p_end) != provider) return false;
  rest.remove_prefix(p_end + 1);
  size_t n_end = rest.find('\0');
  return n_end != std::string_view::npos && rest.substr(0, n_end) == name;
}

bool section_has(Elf_Scn* scn, size_t word, std::string_view provider, std::string_view name) {
  Elf_Data* data = elf_getdata(scn, nullptr);
  if (!data) return false;
  GElf_Nhdr nhdr;
  size_t off = 0, name_off = 0, desc_off = 0;
  while ((off = gelf_getnote(data, off, &nhdr, &name_off, &desc_off)) > 0) {
    const char* base = static_cast<const char*>(data->d_buf);
    if (nhdr.n_type == kStapsdtNoteType && nhdr.n_namesz == sizeof("stapsdt") &&
        std::memcmp(base + name_off, "stapsdt", sizeof("stapsdt")) == 0 &&
        note_names(base + desc_off, nhdr.n_descsz, word, provider, name))
      return true;
  }
  return false;
}

}  // namespace

bool elf_has_usdt(const std::string& path, const std::string& provider, const std::string& name) {
  if (elf_version(EV_CURRENT) == EV_NONE) return false;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  Elf* elf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  bool found = false;
  size_t shstrndx = 0;
  if (elf && elf_getshdrstrndx(elf, &shstrndx) == 0) {
    size_t word = gelf_getclass(elf) == ELFCLASS32 ? 4 : 8;
    for (Elf_Scn* scn = nullptr; !found && (scn = elf_nextscn(elf, scn));) {
      GElf_Shdr sh;
      if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE) continue;
      const char* sname = elf_strptr(elf, shstrndx, sh.sh_name);
      if (sname && std::strcmp(sname, ".note.stapsdt") == 0) found = section_has(scn, word, provider, name);
    }
  }
  if (elf) elf_end(elf);
  close(fd);
  return found;
}

}  // namespace kotel::probes::user
