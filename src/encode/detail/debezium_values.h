// Value renderers of the debezium_json format: the exact text Kafka Connect's JsonConverter (with
// Jackson underneath) writes for the Connect values Debezium's Db2 connector produces. Each appends
// to a caller-owned string and allocates nothing beyond that string's growth, except the rare
// DECFLOAT whose coefficient times its exponent outgrows 128 bits.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/value.h"

namespace db2kafka::encode::detail {

// A JSON string literal as Jackson's UTF8JsonGenerator writes it: UTF-8 kept, except characters
// beyond U+FFFF, which become their two escaped UTF-16 surrogates ("\uD83D\uDE00"); control
// characters as \n, \t, \b, \f, \r or \u00XX (upper-case hex); bytes that are not valid UTF-8 as
// U+FFFD, as Java's decoder reads them.
void AppendJacksonString(std::string& out, std::string_view utf8);

// RFC 4648 base64 with padding and no line breaks, as Jackson writes byte[] (Base64Variants
// MIME_NO_LINEFEEDS).
void AppendDebeziumBase64(std::string& out, std::string_view bytes);

// The bytes BigInteger.toByteArray() gives for unscaled × 10^ten_power (ten_power >= 0): big-endian
// two's complement in the fewest bytes that keep the sign, so 0 is one 0x00 byte.
std::string TwosComplementBytes(model::Int128 unscaled, int32_t ten_power);
// Appends base64 of TwosComplementBytes(unscaled, 0) without allocating.
void AppendTwosComplementBase64(std::string& out, model::Int128 unscaled);

// Java's Double.toString / Float.toString, as Jackson writes FLOAT64 and FLOAT32 values: "1.0",
// "0.001", "1.0E7", "-1.5E-5", the shortest digits that read back to the same value. NaN and
// infinities become the JSON strings "NaN", "Infinity", "-Infinity" (Jackson's default
// WRITE_NAN_AS_STRINGS).
void AppendJavaDouble(std::string& out, double value);
void AppendJavaFloat(std::string& out, float value);

// BigDecimal.toPlainString() of unscaled × 10^-scale: every scale digit, no exponent; a negative
// scale appends zeros ("123000" for {123, -3}).
void AppendPlainDecimal(std::string& out, model::Int128 unscaled, int32_t scale);
// BigDecimal.doubleValue(): the double nearest to unscaled × 10^-scale; infinities past the double
// range, zero below it.
double DecimalToDouble(model::Int128 unscaled, int32_t scale);

// Debezium's Lsn.toString() of IBMSNAP_COMMITSEQ / IBMSNAP_INTENTSEQ bytes: lower-case hex with a
// ':' after the 4th and the 8th byte ("00000000:0000abcd:0000000000000001").
void AppendLsnText(std::string& out, std::string_view bytes);

}  // namespace db2kafka::encode::detail
