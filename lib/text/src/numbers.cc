// Placeholder: the troops engineer replaces this file with the real number parser.
#include "shilu/text.h"
namespace shilu::text {
std::optional<Number> parse_number(const Tokenized&, std::size_t) { return std::nullopt; }
std::optional<Number> parse_ordinal(const Tokenized&, std::size_t) { return std::nullopt; }
long long cardinal_word_value(std::string_view) { return -1; }
long long ordinal_word_value(std::string_view) { return -1; }
}  // namespace shilu::text
