#pragma once
// Which runtime an executable runs, read from its ELF file: whether the
// program's own threads are what the kernel sees (then "this thread serves one
// request" can say which request a call belongs to), or whether many tasks
// share each thread (goroutines, an event loop), where it says nothing.
// Recognised (kept in step with the README's "Parent links" table):
//  - Go: a `.go.buildinfo`, `.note.go.buildid` or `.gopclntab` section (the
//    linker writes them; `strip` keeps them);
//  - Node: an executable named node or nodejs, or linked to libnode.so;
//  - Erlang/Elixir: the BEAM emulator, beam.smp.
// Anything else is native.

#include <cstdint>
#include <string>
#include <string_view>

namespace kotel::discovery {

enum class Runtime : uint8_t {
  kNative = 0,  // nothing recognised: one program thread per OS thread
  kGo = 1,      // goroutines scheduled M:N on OS threads
  kNode = 2,    // one event-loop thread serves every request (libuv)
  kBeam = 3,    // Erlang processes scheduled M:N on scheduler threads
};
// "native", "go", "node", "beam".
const char* runtime_name(Runtime r);

// The runtime of the ELF file at `path`; `name` is the executable's file name
// (`path` may be /proc/<pid>/exe). Native when it is no ELF file or cannot be read.
Runtime executable_runtime(const std::string& path, std::string_view name);

}  // namespace kotel::discovery
