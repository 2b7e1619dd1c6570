// A program outside the tree that finds an installed shilu and annotates a sentence.
#include <iostream>

#include "shilu/annotate.h"
#include "shilu/io.h"

int main() {
  auto pipe = shilu::annotate::Pipeline::load(RESOURCES);
  if (!pipe) {
    std::cerr << pipe.error().to_string() << "\n";
    return 1;
  }
  auto doc = shilu::Document::from_bytes("d", "", "In the third year of Jin Tianhui (1125), Wanyan Zonghan besieged Taiyuan.");
  auto a = pipe->annotate(doc, {});
  std::cout << shilu::io::annotation_json(a, {}) << "\n";
  return 0;
}
