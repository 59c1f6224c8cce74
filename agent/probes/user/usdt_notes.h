#pragma once
// Whether an ELF file carries a USDT probe (a SystemTap SDT note, as
// <sys/sdt.h> writes them into .note.stapsdt).

#include <string>

namespace kotel::probes::user {

// True when `path` has a stapsdt note for provider:name; false when it has
// none, is no ELF file, or cannot be read.
bool elf_has_usdt(const std::string& path, const std::string& provider, const std::string& name);

}  // namespace kotel::probes::user
