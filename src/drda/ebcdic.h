// EBCDIC CCSID 500 for the DDM strings that DRDA sends before (and on Db2 also during) the switch
// to UTF-8: EXCSAT, ACCSEC, and on Db2 SECCHK/ACCRDB (user, password, RDBNAM, PRDID, TYPDEFNAM).
// CCSID 500 is a permutation of ISO-8859-1, so every byte decodes and exactly U+0000..U+00FF
// encode.
#pragma once

#include <string>
#include <string_view>

#include "base/error.h"

namespace db2kafka::drda {

// CCSID 500 bytes -> UTF-8. Cannot fail: all 256 bytes are characters.
std::string EbcdicToUtf8(std::string_view ebcdic);

// UTF-8 -> CCSID 500. InvalidArgument for malformed UTF-8 or for the first character above U+00FF,
// naming its byte offset. The message never quotes the rest of the input, since it may be a
// password.
base::Result<std::string> Utf8ToEbcdic(std::string_view utf8);

}  // namespace db2kafka::drda
