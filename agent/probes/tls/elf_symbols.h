#pragma once
// Whether an ELF file defines a function symbol: finds executables that carry
// their own (statically linked) OpenSSL.

#include <string>

namespace kotel::probes::tls {

// True when `path` defines `name` in .dynsym or .symtab; false when it does
// not, is no ELF file, or cannot be read.
bool elf_defines_function(const std::string& path, const char* name);

}  // namespace kotel::probes::tls
