// DECFLOAT(16) and DECFLOAT(34) values (FD:OCA 0xBA/0xBB) as exact text. On the wire they are
// IEEE 754-2008 decimal64 (8 bytes, 16 digits) and decimal128 (16 bytes, 34 digits) in the densely
// packed decimal (DPD) encoding.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "base/byte_reader.h"
#include "base/error.h"
#include "drda/column.h"

namespace db2kafka::drda {

// The value as the General Decimal Arithmetic specification's to-scientific-string renders it
// (what java.math.BigDecimal.toString() and Python's str(Decimal) print), keeping the exact
// coefficient and exponent that DECFLOAT preserves:
//   finite, exponent <= 0 and adjusted exponent >= -6: plain  "123", "-7.50", "0.00", "0.000123"
//   otherwise scientific, one digit before the point, signed exponent: "1.23E+5", "1E+3", "0E+3",
//     "-7.50E-7", "0E-398", "9.999999999999999999999999999999999E+6144"
//   zeros keep their sign: "-0", "-0.00", "-0E+369"
//   specials: "Infinity", "-Infinity", "NaN", "-NaN", "sNaN", "-sNaN"; a NaN's non-zero payload
//     follows as digits without leading zeros ("NaN123", "-sNaN999999999999999").
// The adjusted exponent is the exponent plus the coefficient's digit count minus one. Finite text
// is what model::DecFloat::FiniteDecimal() parses. Db2's own CHAR(DECFLOAT) spells the special
// values in capitals (INFINITY, NAN, SNAN); this spelling is the one the model layer expects.
//
// Byte order: the bytes are always read as big-endian, whatever `order` says. Both reference
// clients (go-db2, pydrda) do so, but no capture of a DECFLOAT from a Db2 that answers QTDSQLX86
// exists (shared/docs/drda.md §5 and §9 item 5): this is UNVERIFIED against a real Db2. If Db2 on
// x86 turns out to send DECFLOAT little-endian, reverse the bytes here for kLittleEndian.
//
// A size other than 8 or 16 bytes is a Protocol error naming the column. Every other bit pattern
// is a value: non-canonical declets decode as the standard says, the bits after the NaN/sNaN flag
// are ignored, and so is an infinity's coefficient. Allocates only the returned string.
base::Result<std::string> DecodeDecFloat(const Column& column, std::span<const uint8_t> bytes,
                                         base::ByteOrder order);

}  // namespace db2kafka::drda
