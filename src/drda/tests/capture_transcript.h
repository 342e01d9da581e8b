// Our decoders' reading of a captured Db2 conversation as text, line for line in the format that
// db2_capture_transcripts.py (an independent Python decoder) writes to testdata/*.transcript.txt.
// Also the row walk a standalone QRYDTA decoder would do, which the replay tests use directly.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "drda/column.h"

namespace db2kafka::drda::testing {

// "EXCSATRD", "SQLAM", ...; "0x1234" for code points the transcripts do not name.
std::string TranscriptName(uint16_t code_point);

struct DecodedRows {
  std::vector<std::string> lines;  // "row 1: ...", "SQLCA ...", "no row", "partial row: N bytes"
  size_t rows = 0;
  size_t partial = 0;  // bytes of the row the block ended in
};

// The rows of a QRYDTA or FDODTA as the QRYDSC/FDODSC columns lay them out; a row cut by the end
// of the block is counted in `partial`, any other malformation fails the current test.
DecodedRows DecodeRows(std::span<const uint8_t> data, const std::vector<Column>& columns,
                       base::ByteOrder order);

// Every server reply of testdata/<capture>.hex.txt decoded, read through a transport that hands
// out `chunk` bytes at a time.
std::vector<std::string> DecodeConversation(const std::string& capture, size_t chunk);

// testdata/<capture>.transcript.txt without its comment lines.
std::vector<std::string> GoldenTranscript(const std::string& capture);

std::string Joined(const std::vector<std::string>& lines);

}  // namespace db2kafka::drda::testing
