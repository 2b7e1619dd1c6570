// Placeholder: replaced by the real subcommand.
#include "cli.h"

int cmd_names(int, char**) {
  shilu::cli::error("names", "not implemented yet");
  return shilu::cli::kExitUsage;
}
