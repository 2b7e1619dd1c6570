#include "cli.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace shilu::cli {

void add_common_options(po::options_description& desc) {
  desc.add_options()
      ("resources", po::value<std::string>()->value_name("DIR"),
       "resource directory (default: $SHILU_RESOURCES, else the built-in corpus/resources)")
      ("help,h", "show this help");
}

std::filesystem::path resources_dir(const po::variables_map& vm) {
  if (vm.count("resources")) return vm["resources"].as<std::string>();
  if (const char* env = std::getenv("SHILU_RESOURCES"); env && *env) return env;
  std::error_code ec;
  if (std::filesystem::is_directory(SHILU_SOURCE_RESOURCES, ec)) return SHILU_SOURCE_RESOURCES;
  return SHILU_INSTALL_RESOURCES;
}

bool parse(int argc, char** argv, const std::string& usage, const po::options_description& desc,
           const po::positional_options_description& pos, const std::string& examples, po::variables_map& vm,
           int& exit_code) {
  std::string name = argc > 0 ? argv[0] : "shilu";
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).positional(pos).run(), vm);
    if (vm.count("help")) {
      std::cout << "Usage: " << usage << "\n\n" << desc << "\n";
      if (!examples.empty()) std::cout << examples << "\n";
      exit_code = kExitOk;
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    error(name, std::string(e.what()) + " (try `shilu " + name + " --help`)");
    exit_code = kExitUsage;
    return false;
  }
  return true;
}

void error(const std::string& command, const std::string& message) {
  std::cerr << "shilu " << command << ": error: " << message << "\n";
}

namespace {
std::atomic<bool> g_stop{false};        // process-wide by nature: signals are
volatile std::sig_atomic_t g_signal = 0;

void on_signal(int sig) {
  g_signal = sig;
  g_stop.store(true);
  std::signal(sig, SIG_DFL);  // a second signal kills at once
}
}  // namespace

std::atomic<bool>* install_stop_handler() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: blocking reads return EINTR
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
  return &g_stop;
}

int stop_signal() { return g_signal ? static_cast<int>(g_signal) : SIGINT; }

void warn(const std::string& command, const std::string& message) {
  std::cerr << "shilu " << command << ": warning: " << message << "\n";
}

std::string mb(std::uint64_t b) {
  char buf[32];
  double m = static_cast<double>(b) / 1e6;
  std::snprintf(buf, sizeof buf, m < 10 ? "%.2f MB" : "%.1f MB", m);
  return buf;
}

std::string hms(double s) {
  long t = static_cast<long>(s + 0.5);
  char buf[32];
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
  return buf;
}

void add_progress_options(po::options_description& desc) {
  desc.add_options()
      ("progress", "show progress even when stderr is not a terminal")
      ("no-progress", "never show progress");
}

bool show_progress(const po::variables_map& vm) {
  return !vm.count("no-progress") && (vm.count("progress") || ::isatty(2));
}

}  // namespace shilu::cli
