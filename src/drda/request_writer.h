// Builds one transmission of DRDA requests: a chain of DSSs, each holding one DDM object, with the
// chain and same-correlator flags, extended lengths for objects over 32 KiB and DSS continuation
// for DSSs over 32 KiB set as the protocol requires. Commands get correlators 1..n in order;
// command-data objects (SQLSTT, SQLDTA, ...) share the correlator of their command.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/byte_writer.h"

namespace db2kafka::drda {

inline constexpr uint8_t kDssTypeRequest = 1;
inline constexpr uint8_t kDssTypeReply = 2;
inline constexpr uint8_t kDssTypeObject = 3;
inline constexpr uint8_t kDssChained = 0x40;
inline constexpr uint8_t kDssSameCorrelator = 0x10;
inline constexpr uint8_t kDssMagic = 0xD0;
inline constexpr size_t kDssHeaderSize = 6;
inline constexpr size_t kMaxDssSegment = 0x7FFF;

class RequestWriter {
 public:
  // A command (RQSDSS) with the next correlator.
  void BeginCommand(uint16_t code_point);
  // A command-data object (OBJDSS) with the correlator of the command before it.
  void BeginObject(uint16_t code_point);

  // Parameters of the current command, or the raw body of the current object.
  void AddU8(uint16_t code_point, uint8_t value);
  void AddU16(uint16_t code_point, uint16_t value);
  void AddU32(uint16_t code_point, uint32_t value);
  void AddBytes(uint16_t code_point, std::span<const uint8_t> value);
  void AddChars(uint16_t code_point, std::string_view value);
  // A parameter that holds parameters (TYPDEFOVR); close it with EndGroup.
  void BeginGroup(uint16_t code_point);
  void EndGroup();
  // Bytes appended to the current object as they are (the FD:OCA body of SQLSTT or SQLDTA).
  base::ByteWriter& body();

  uint16_t last_correlator() const { return correlator_; }

  // The whole transmission, ready for one write.
  std::vector<uint8_t> Finish();

 private:
  struct Dss {
    uint8_t type;
    uint16_t correlator;
    base::ByteWriter body;  // one DDM object
  };
  void CloseObject();

  std::vector<Dss> chain_;
  std::vector<size_t> open_groups_;
  uint16_t correlator_ = 0;
};

}  // namespace db2kafka::drda
