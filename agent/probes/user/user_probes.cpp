#include "probes/user/user_probes.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "kotel/events.h"
#include "probes/tls/elf_symbols.h"
#include "probes/user/usdt_notes.h"

namespace kotel::probes::user {
namespace {

std::pair<std::string, std::string> usdt_parts(const std::string& usdt) {
  auto colon = usdt.find(':');
  return {usdt.substr(0, colon), usdt.substr(colon + 1)};
}

std::string why_not(const config::UserProbeConfig& p) {
  struct stat st {};
  if (stat(p.binary.c_str(), &st) != 0) return p.binary + ": " + std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return p.binary + " is not a regular file";
  if (access(p.binary.c_str(), R_OK) != 0) return p.binary + ": " + std::strerror(errno);
  if (!p.function.empty()) {
    if (!tls::elf_defines_function(p.binary, p.function.c_str()))
      return "function '" + p.function + "' not found in " + p.binary +
             " (not in its .symtab or .dynsym: a stripped binary, a static or inlined function, or a C++ name "
             "that needs its mangled form)";
    return {};
  }
  auto [provider, name] = usdt_parts(p.usdt);
  if (!elf_has_usdt(p.binary, provider, name))
    return "USDT probe " + p.usdt + " not found in " + p.binary + " (no such .note.stapsdt entry)";
  return {};
}

}  // namespace

std::string user_probe_target(const config::UserProbeConfig& p) {
  return p.function.empty() ? p.binary + " usdt " + p.usdt : p.binary + ":" + p.function;
}

core::Result<void> check_user_probes(const std::vector<config::UserProbeConfig>& probes) {
  for (const auto& p : probes) {
    std::string why = why_not(p);
    if (!why.empty()) return core::Error{"probe '" + p.name + "': " + why};
  }
  return {};
}

core::Result<void> UserProbes::attach() {
  for (uint32_t i = 0; i < probes_.size(); ++i) {
    const auto& p = probes_[i];
    kotel_user_probe_spec spec{};
    for (size_t a = 0; a < p.args.size() && a < KOTEL_USER_ARGS; ++a) {
      spec.arg_index[a] = static_cast<uint8_t>(p.args[a].position);
      spec.arg_type[a] = p.args[a].text ? KOTEL_ARG_STR : KOTEL_ARG_INT;
    }
    spec.max_per_s = p.max_per_second;
    if (bpf_map_update_elem(bpf_map__fd(programs_.specs), &i, &spec, BPF_ANY) != 0)
      return core::Error{"probe '" + p.name + "': cannot write its spec: " + std::strerror(errno)};
  }
  for (uint32_t i = 0; i < probes_.size(); ++i) {
    const auto& p = probes_[i];
    auto fail = [&](const char* what) {
      int err = errno;
      detach();
      return core::Error{"probe '" + p.name + "': cannot attach " + what + " to " + user_probe_target(p) + ": " +
                         std::strerror(err) + (err == EACCES || err == EPERM ? " (uprobes need CAP_SYS_ADMIN)" : "")};
    };
    if (!p.function.empty()) {
      LIBBPF_OPTS(bpf_uprobe_opts, entry, .bpf_cookie = i, .retprobe = false, .func_name = p.function.c_str());
      bpf_link* l = bpf_program__attach_uprobe_opts(programs_.entry, -1, p.binary.c_str(), 0, &entry);
      if (!l) return fail("its entry uprobe");
      links_.push_back(l);
      LIBBPF_OPTS(bpf_uprobe_opts, ret, .bpf_cookie = i, .retprobe = true, .func_name = p.function.c_str());
      l = bpf_program__attach_uprobe_opts(programs_.ret, -1, p.binary.c_str(), 0, &ret);
      if (!l) return fail("its return uprobe");
      links_.push_back(l);
    } else {
      auto [provider, name] = usdt_parts(p.usdt);
      LIBBPF_OPTS(bpf_usdt_opts, opts, .usdt_cookie = i);
      bpf_link* l = bpf_program__attach_usdt(programs_.usdt, -1, p.binary.c_str(), provider.c_str(), name.c_str(), &opts);
      if (!l) return fail("its USDT probe");
      links_.push_back(l);
    }
  }
  attached_ = true;
  return {};
}

void UserProbes::detach() {
  for (bpf_link* l : links_) bpf_link__destroy(l);
  links_.clear();
  attached_ = false;
}

UserProbes::~UserProbes() { detach(); }

std::vector<UserProbeStatus> UserProbes::status() const {
  std::vector<UserProbeStatus> out;
  for (uint32_t i = 0; i < probes_.size(); ++i) {
    UserProbeStatus s{probes_[i].name, user_probe_target(probes_[i]), attached_};
    kotel_user_probe_stats st{};
    if (programs_.stats && bpf_map_lookup_elem(bpf_map__fd(programs_.stats), &i, &st) == 0) {
      s.hits = st.hits;
      s.rate_dropped = st.rate_dropped;
      s.nested = st.nested;
      s.read_faults = st.read_faults;
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace kotel::probes::user
