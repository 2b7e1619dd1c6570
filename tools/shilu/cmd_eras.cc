// Placeholder: replaced by the real subcommand.
#include "cli.h"

int cmd_eras(int, char**) {
  shilu::cli::error("eras", "not implemented yet");
  return shilu::cli::kExitUsage;
}
