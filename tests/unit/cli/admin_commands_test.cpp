// The inspection subcommands' flags: what they accept, what they refuse, and
// refusals made before any socket is tried.
#include "cli/admin_commands.h"

#include <gtest/gtest.h>

namespace kotel::cli {
namespace {

TEST(ParseDuration, UnitsAndErrors) {
  EXPECT_EQ(parse_duration_ns("250ms"), 250'000'000u);
  EXPECT_EQ(parse_duration_ns("2s"), 2'000'000'000u);
  EXPECT_EQ(parse_duration_ns("15us"), 15'000u);
  EXPECT_EQ(parse_duration_ns("0"), 0u);
  EXPECT_FALSE(parse_duration_ns("5"));
  EXPECT_FALSE(parse_duration_ns("fast"));
  EXPECT_FALSE(parse_duration_ns("-1s"));
  EXPECT_FALSE(parse_duration_ns("3min"));
}

TEST(InspectCommands, ParsesFiltersAndRejectsBadValues) {
  CLI::App app;
  InspectCommands cmds(app);
  EXPECT_NO_THROW(app.parse("conns --proto http1 --pid 7 -o json", false));
  EXPECT_TRUE(app.get_subcommand("conns")->parsed());
  CLI::App bad;
  InspectCommands cmds2(bad);
  EXPECT_THROW(bad.parse("conns --proto ftp", false), CLI::ValidationError);
  CLI::App sort;
  InspectCommands cmds3(sort);
  EXPECT_THROW(sort.parse("top --sort name", false), CLI::ValidationError);
  CLI::App tail;
  InspectCommands cmds4(tail);
  EXPECT_THROW(tail.parse("tail metrics", false), CLI::ValidationError);
}

TEST(TailEvents, ParsesFilters) {
  CLI::App app;
  InspectCommands cmds(app);
  EXPECT_NO_THROW(app.parse("tail events --pid 7 --service web --count 3 -o json", false));
  EXPECT_TRUE(app.get_subcommand("tail")->parsed());
  CLI::App bad;
  InspectCommands cmds2(bad);
  EXPECT_THROW(bad.parse("tail packets", false), CLI::ValidationError);
}

TEST(TailLogs, ParsesSeverityAndRefusesFiltersOfOtherTails) {
  CLI::App app;
  InspectCommands cmds(app);
  EXPECT_NO_THROW(app.parse("tail logs --pid 7 --service web --min-severity warn --count 3 -o json", false));
  CLI::App bad;
  InspectCommands cmds2(bad);
  EXPECT_THROW(bad.parse("tail logs --min-severity loud", false), CLI::ValidationError);
  // Refused before any socket is tried: exit code 2, whatever the socket.
  for (const char* line : {"tail events --min-severity warn --admin-socket /nonexistent/a.sock",
                           "tail spans --min-severity error --admin-socket /nonexistent/a.sock",
                           "tail logs --status error --admin-socket /nonexistent/a.sock",
                           "tail logs --min-duration 1s --admin-socket /nonexistent/a.sock"}) {
    CLI::App one;
    InspectCommands c(one);
    one.parse(line, false);
    EXPECT_EQ(c.run(), 2) << line;
  }
}

}  // namespace
}  // namespace kotel::cli
