// Paths for tests, from compile definitions (never from the working directory).
#pragma once
#include <filesystem>
namespace shilu::testing {
inline std::filesystem::path source_dir() { return SHILU_SOURCE_DIR; }
inline std::filesystem::path resources_dir() { return SHILU_RESOURCES_DIR; }
inline std::filesystem::path corpus_dir() { return source_dir() / "corpus"; }
}  // namespace shilu::testing
