// The `trellis` command line: serve, migrate, demo, --help (README "Commands").
#pragma once

namespace trellis::app {

// Runs the subcommand named by argv[1]; returns the process exit code.
int runCommandLine(int argc, char** argv);

}  // namespace trellis::app
