// Placeholder: replaced by the real subcommand.
#include "cli.h"

int cmd_places(int, char**) {
  shilu::cli::error("places", "not implemented yet");
  return shilu::cli::kExitUsage;
}
