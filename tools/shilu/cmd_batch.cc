// Placeholder: replaced by the real subcommand.
#include "cli.h"

int cmd_batch(int, char**) {
  shilu::cli::error("batch", "not implemented yet");
  return shilu::cli::kExitUsage;
}
