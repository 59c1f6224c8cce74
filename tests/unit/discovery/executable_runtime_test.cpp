#include "discovery/executable_runtime.h"

#include <elf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "discovery/runtime_catalog.h"

namespace kotel::discovery {
namespace {

namespace fs = std::filesystem;

// A minimal ELF64 file: a header, the section names and the given sections
// (name, type, bytes, link). What the linker writes around them (code,
// program headers) plays no part in recognising the runtime.
struct Section {
  std::string name;
  uint32_t type = SHT_PROGBITS;
  std::string bytes;
  uint32_t link = 0;
  uint64_t entsize = 0;
};

std::string tiny_elf(const std::vector<Section>& sections) {
  std::string names(1, '\0');
  std::vector<uint32_t> name_at;
  for (const auto& s : sections) {
    name_at.push_back(static_cast<uint32_t>(names.size()));
    names += s.name + '\0';
  }
  uint32_t shstrtab_name = static_cast<uint32_t>(names.size());
  names += std::string(".shstrtab") + '\0';

  std::string body;  // section contents, after the header
  std::vector<Elf64_Shdr> headers(1);  // [0]: the null section
  for (size_t i = 0; i < sections.size(); ++i) {
    Elf64_Shdr h{};
    h.sh_name = name_at[i];
    h.sh_type = sections[i].type;
    h.sh_offset = sizeof(Elf64_Ehdr) + body.size();
    h.sh_size = sections[i].bytes.size();
    h.sh_link = sections[i].link;
    h.sh_entsize = sections[i].entsize;
    h.sh_addralign = 1;
    body += sections[i].bytes;
    headers.push_back(h);
  }
  Elf64_Shdr strtab{};
  strtab.sh_name = shstrtab_name;
  strtab.sh_type = SHT_STRTAB;
  strtab.sh_offset = sizeof(Elf64_Ehdr) + body.size();
  strtab.sh_size = names.size();
  strtab.sh_addralign = 1;
  body += names;
  headers.push_back(strtab);
  while (body.size() % 8) body += '\0';

  Elf64_Ehdr eh{};
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = ELFDATA2LSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_type = ET_EXEC;
  eh.e_machine = EM_X86_64;
  eh.e_version = EV_CURRENT;
  eh.e_ehsize = sizeof(Elf64_Ehdr);
  eh.e_shoff = sizeof(Elf64_Ehdr) + body.size();
  eh.e_shentsize = sizeof(Elf64_Shdr);
  eh.e_shnum = static_cast<uint16_t>(headers.size());
  eh.e_shstrndx = static_cast<uint16_t>(headers.size() - 1);
  std::string out(reinterpret_cast<const char*>(&eh), sizeof eh);
  out += body;
  out.append(reinterpret_cast<const char*>(headers.data()), headers.size() * sizeof(Elf64_Shdr));
  return out;
}

// A .dynamic section needing `lib` (its .dynstr is section 1).
std::vector<Section> dynamic_needing(const std::string& lib) {
  std::string dynstr = std::string(1, '\0') + lib + '\0';
  Elf64_Dyn entries[2] = {{DT_NEEDED, {1}}, {DT_NULL, {0}}};
  return {{".dynstr", SHT_STRTAB, dynstr},
          {".dynamic", SHT_DYNAMIC, std::string(reinterpret_cast<const char*>(entries), sizeof entries), 1,
           sizeof(Elf64_Dyn)}};
}

class ExecutableRuntime : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kotel-runtime-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& bytes) {
    auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  fs::path dir_;
};

TEST_F(ExecutableRuntime, GoBinariesByTheSectionsTheGoLinkerWrites) {
  for (const char* section : {".go.buildinfo", ".note.go.buildid", ".gopclntab"}) {
    auto path = write("server", tiny_elf({{".text", SHT_PROGBITS, "code"}, {section, SHT_PROGBITS, "\xff Go buildinf:"}}));
    EXPECT_EQ(executable_runtime(path, "server"), Runtime::kGo) << section;
  }
}

TEST_F(ExecutableRuntime, NodeByItsNameOrItsLibrary) {
  auto plain = write("plain", tiny_elf({{".text", SHT_PROGBITS, "code"}}));
  EXPECT_EQ(executable_runtime(plain, "node"), Runtime::kNode);
  EXPECT_EQ(executable_runtime(plain, "nodejs"), Runtime::kNode);
  EXPECT_EQ(executable_runtime(plain, "beam.smp"), Runtime::kBeam);
  // Debian's nodejs is a small executable linked to libnode.so.<abi>.
  auto debian = write("js", tiny_elf(dynamic_needing("libnode.so.108")));
  EXPECT_EQ(executable_runtime(debian, "js"), Runtime::kNode);
}

TEST_F(ExecutableRuntime, EverythingElseIsNative) {
  EXPECT_EQ(executable_runtime(write("c", tiny_elf({{".text", SHT_PROGBITS, "code"}, {".data", SHT_PROGBITS, "go"}})),
                               "c"),
            Runtime::kNative);
  EXPECT_EQ(executable_runtime(write("libc", tiny_elf(dynamic_needing("libc.so.6"))), "libc"), Runtime::kNative);
  EXPECT_EQ(executable_runtime(write("script", "#!/bin/sh\necho .go.buildinfo\n"), "script"), Runtime::kNative);
  EXPECT_EQ(executable_runtime(write("cut", tiny_elf({{".go.buildinfo", SHT_PROGBITS, "x"}}).substr(0, 40)), "cut"),
            Runtime::kNative);
  EXPECT_EQ(executable_runtime((dir_ / "missing").string(), "missing"), Runtime::kNative);
  EXPECT_EQ(executable_runtime("/bin/sh", "sh"), Runtime::kNative);
  EXPECT_STREQ(runtime_name(Runtime::kGo), "go");
  EXPECT_STREQ(runtime_name(Runtime::kNative), "native");
}

TEST_F(ExecutableRuntime, CatalogReadsEachExecutableOncePerFile) {
  auto go = write("gosvc", tiny_elf({{".go.buildinfo", SHT_PROGBITS, "x"}}));
  auto c = write("csvc", tiny_elf({{".text", SHT_PROGBITS, "x"}}));
  for (auto [pid, target] : {std::pair{10, go}, std::pair{11, go}, std::pair{12, c}}) {
    fs::create_directories(dir_ / "proc" / std::to_string(pid));
    fs::create_symlink(target, dir_ / "proc" / std::to_string(pid) / "exe");
  }
  RuntimeCatalog catalog((dir_ / "proc").string());
  EXPECT_EQ(catalog.lookup(10), Runtime::kGo);
  EXPECT_EQ(catalog.lookup(11), Runtime::kGo);
  EXPECT_EQ(catalog.lookup(12), Runtime::kNative);
  EXPECT_EQ(catalog.lookup(10), Runtime::kGo);
  EXPECT_EQ(catalog.executables_read(), 2u);  // two files, three processes
  EXPECT_EQ(catalog.lookup(99), Runtime::kNative);  // gone: not an error
  // pid 12 execs the Go program: asked again after forget().
  fs::remove(dir_ / "proc" / "12" / "exe");
  fs::create_symlink(go, dir_ / "proc" / "12" / "exe");
  EXPECT_EQ(catalog.lookup(12), Runtime::kNative);
  catalog.forget(12);
  EXPECT_EQ(catalog.lookup(12), Runtime::kGo);
}

}  // namespace
}  // namespace kotel::discovery
