#include "discovery/pipe_readers.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

extern char** environ;

namespace kotel::discovery {
namespace {

namespace fs = std::filesystem;

void fd_link(const fs::path& root, uint32_t pid, int fd, const std::string& target) {
  fs::create_directories(root / std::to_string(pid) / "fd");
  fs::create_symlink(target, root / std::to_string(pid) / "fd" / std::to_string(fd));
}

TEST(OutputPipeline, FollowsStdoutAndStderrPipesDownTheChain) {
  auto root = fs::temp_directory_path() / ("kotel-pipes-" + std::to_string(getpid()));
  fs::remove_all(root);
  fd_link(root, 100, 1, "pipe:[11]");  // kotel tail logs 2>&1 | grep x | cat > out
  fd_link(root, 100, 2, "pipe:[11]");
  fd_link(root, 101, 0, "pipe:[11]");
  fd_link(root, 101, 1, "pipe:[12]");
  fd_link(root, 102, 0, "pipe:[12]");
  fd_link(root, 102, 1, "/tmp/out");
  fd_link(root, 200, 0, "pipe:[99]");  // another pipeline
  fd_link(root, 201, 1, "pipe:[12]");  // writes to the same pipe, does not read it
  fd_link(root, 300, 1, "pipe:[13]");  // stderr alone to a reader: 2> >(logger)
  fd_link(root, 300, 2, "pipe:[14]");
  fd_link(root, 301, 0, "pipe:[14]");
  fs::create_directories(root / "self");
  auto got = output_pipeline(100, root.c_str());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<uint32_t>{100, 101, 102}));
  got = output_pipeline(300, root.c_str());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<uint32_t>{300, 301}));
  EXPECT_EQ(output_pipeline(102, root.c_str()), std::vector<uint32_t>{102});  // writes to a file
  EXPECT_EQ(output_pipeline(999, root.c_str()), std::vector<uint32_t>{999});  // unreadable: itself
  fs::remove_all(root);
}

// Real processes: `sleep` writing into a pipe that `cat` reads.
TEST(OutputPipeline, FindsARealReaderInProc) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  auto spawn = [&](const char* prog, int from, int to) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[from], to);
    posix_spawn_file_actions_addclose(&fa, p[0]);
    posix_spawn_file_actions_addclose(&fa, p[1]);
    char* argv[] = {const_cast<char*>(prog), const_cast<char*>("30"), nullptr};
    char* cat_argv[] = {const_cast<char*>(prog), nullptr};
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, prog, &fa, nullptr, std::string(prog) == "cat" ? cat_argv : argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc == 0 ? pid : -1;
  };
  pid_t writer = spawn("sleep", 1, 1);
  pid_t reader = spawn("cat", 0, 0);
  close(p[0]);
  close(p[1]);
  ASSERT_GT(writer, 0);
  ASSERT_GT(reader, 0);
  // posix_spawn returns after exec: the fds are in place.
  auto got = output_pipeline(static_cast<uint32_t>(writer));
  kill(writer, SIGKILL);
  waitpid(writer, nullptr, 0);
  waitpid(reader, nullptr, 0);  // the pipe's last writer is gone: cat ends
  EXPECT_NE(std::find(got.begin(), got.end(), static_cast<uint32_t>(reader)), got.end());
  EXPECT_NE(std::find(got.begin(), got.end(), static_cast<uint32_t>(writer)), got.end());
  EXPECT_EQ(std::find(got.begin(), got.end(), static_cast<uint32_t>(getpid())), got.end());
}

}  // namespace
}  // namespace kotel::discovery
