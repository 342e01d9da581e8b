// Loads the real Db2 captures, read where the team keeps them (../shared/reference/db2-captures
// beside the checkout, as on every developer machine and in CI; they are third-party bytes with
// their own licences, so they are not copied into this repository). Format described in
// shared/docs/db2-captures.md: one DSS (or
// one object body) per line, '#' lines for annotations, "# stream 0 C->S ..." / "... S->C ..."
// lines starting each transmission.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "drda/tests/test_bytes.h"

namespace db2kafka::drda::testing {

struct CapturedDss {
  std::string note;  // the "# DSS fmt=43(...) corr=1 len=91: EXCSATRD" line before it
  std::vector<uint8_t> bytes;
};

// One transmission: every DSS one side sent before the other answered.
struct CapturedTurn {
  bool from_server = false;
  std::string note;
  std::vector<CapturedDss> dss;

  std::vector<uint8_t> Bytes() const {
    std::vector<uint8_t> all;
    for (const CapturedDss& one : dss) all.insert(all.end(), one.bytes.begin(), one.bytes.end());
    return all;
  }
};

// Captures (*.hex.txt) come from the shared reference folder; our own golden transcripts from
// testdata/.
inline std::string TestdataPath(const std::string& file) {
  if (file.ends_with(".hex.txt")) {
    return std::string(DB2KAFKA_SOURCE_DIR) + "/../shared/reference/db2-captures/" + file;
  }
  return std::string(DB2KAFKA_SOURCE_DIR) + "/src/drda/tests/testdata/" + file;
}

inline std::vector<std::string> ReadLines(const std::string& file) {
  std::ifstream in(TestdataPath(file));
  EXPECT_TRUE(in.good()) << "cannot open " << TestdataPath(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// Files without "# stream" lines (single replies, object bodies) load as one turn whose
// direction the annotation before its first line gives.
inline std::vector<CapturedTurn> LoadCapture(const std::string& file) {
  std::vector<CapturedTurn> turns;
  std::string note;
  for (const std::string& line : ReadLines(file)) {
    if (line.empty()) continue;
    if (line.starts_with("# stream")) {
      turns.push_back({line.find("S->C") != std::string::npos, line, {}});
    } else if (line.starts_with("#")) {
      note = line;
    } else {
      if (turns.empty()) turns.push_back({note.find("S->C") != std::string::npos, note, {}});
      turns.back().dss.push_back({note, FromHex(line)});
    }
  }
  return turns;
}

}  // namespace db2kafka::drda::testing
