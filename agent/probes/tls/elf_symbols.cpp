#include "probes/tls/elf_symbols.h"

#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <cstring>

namespace kotel::probes::tls {
namespace {

bool section_defines(Elf* elf, Elf_Scn* scn, const GElf_Shdr& sh, const char* name) {
  Elf_Data* data = elf_getdata(scn, nullptr);
  if (!data || sh.sh_entsize == 0) return false;
  size_t count = sh.sh_size / sh.sh_entsize;
  for (size_t i = 0; i < count; ++i) {
    GElf_Sym sym;
    if (!gelf_getsym(data, static_cast<int>(i), &sym)) continue;
    if (sym.st_shndx == SHN_UNDEF || GELF_ST_TYPE(sym.st_info) != STT_FUNC) continue;
    const char* n = elf_strptr(elf, sh.sh_link, sym.st_name);
    if (n && std::strcmp(n, name) == 0) return true;
  }
  return false;
}

}  // namespace

bool elf_defines_function(const std::string& path, const char* name) {
  if (elf_version(EV_CURRENT) == EV_NONE) return false;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  Elf* elf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  bool found = false;
  for (Elf_Scn* scn = nullptr; elf && !found && (scn = elf_nextscn(elf, scn));) {
    GElf_Shdr sh;
    if (gelf_getshdr(scn, &sh) && (sh.sh_type == SHT_DYNSYM || sh.sh_type == SHT_SYMTAB))
      found = section_defines(elf, scn, sh, name);
  }
  if (elf) elf_end(elf);
  close(fd);
  return found;
}

}  // namespace kotel::probes::tls
