// Shared plumbing of the shilu subcommands: exit codes, common options, resource
// lookup, error printing. No extraction logic lives in tools/.
#pragma once

#include <atomic>
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace shilu::cli {

namespace po = boost::program_options;

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitData = 1;   // bad data: a document failed, a figure below baseline …
inline constexpr int kExitUsage = 2;  // bad command line, missing file, unreadable input

// A subcommand: argv[0] is the subcommand name.
using Command = int (*)(int argc, char** argv);

// Adds --resources and --help to `desc`.
void add_common_options(po::options_description& desc);

// Resolves the resource directory: --resources, else $SHILU_RESOURCES, else the source
// tree's corpus/resources, else the installed share/shilu/resources.
std::filesystem::path resources_dir(const po::variables_map& vm);

// Parses argv with `desc` (+ positional `pos`). On a usage error prints
// "shilu NAME: error: ..." and returns false with `exit_code` = 2. On --help prints the
// help text (`usage` line + desc + `examples`) and returns false with exit_code = 0.
bool parse(int argc, char** argv, const std::string& usage, const po::options_description& desc,
           const po::positional_options_description& pos, const std::string& examples,
           po::variables_map& vm, int& exit_code);

// "shilu NAME: error: MESSAGE" on stderr.
void error(const std::string& command, const std::string& message);
void warn(const std::string& command, const std::string& message);

// SIGINT/SIGTERM set a stop flag that long runs poll (a second signal kills at once;
// blocking reads return EINTR). Returns the flag.
std::atomic<bool>* install_stop_handler();
// The signal that stopped the run (SIGINT when none was recorded).
int stop_signal();

// "1.25 MB", "312.0 MB"; "4:05", "1:02:03" (for progress lines).
std::string mb(std::uint64_t bytes);
std::string hms(double seconds);
// Whether to show progress on stderr: --progress forces it, --no-progress suppresses it,
// otherwise only when stderr is a terminal. Adds both options to desc.
void add_progress_options(po::options_description& desc);
bool show_progress(const po::variables_map& vm);

}  // namespace shilu::cli

// Subcommands (one file each: cmd_<name>.cc).
int cmd_annotate(int argc, char** argv);
int cmd_names(int argc, char** argv);
int cmd_eras(int argc, char** argv);
int cmd_places(int argc, char** argv);
int cmd_eval(int argc, char** argv);
int cmd_batch(int argc, char** argv);
int cmd_dataset(int argc, char** argv);
