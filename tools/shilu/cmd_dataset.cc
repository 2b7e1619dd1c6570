// Placeholder: replaced by the real subcommand.
#include "cli.h"

int cmd_dataset(int, char**) {
  shilu::cli::error("dataset", "not implemented yet");
  return shilu::cli::kExitUsage;
}
