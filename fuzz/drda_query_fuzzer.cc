// libFuzzer target: arbitrary bytes as a server's answer to a query, read through the real
// Connection and Cursor (descriptors, rows straddling blocks, row SQLCAs, LOB placeholders and
// EXTDTA, end of query). The connection first gets the real Db2 11.1 handshake replies of
// ../shared/reference/db2-captures/packetnet_db2_select.hex.txt, so the fuzzed bytes meet the
// cursor in the state a real Db2 leaves it. No crash, no hang, no sanitizer report.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "drda/connection.h"
#include "drda/cursor.h"
#include "drda/tests/fake_transport.h"
#include "drda/tests/test_bytes.h"

namespace {

using namespace db2kafka;

constexpr int kMaxRows = 10000;

// The DSS lines of the server turns before the query (EXCSATRD + ACCSECRD, then SECCHKRM +
// ACCRDBRM): "# stream ... S->C" starts a server turn.
std::vector<uint8_t> LoadHandshakeReplies() {
  const std::string path = std::string(DB2KAFKA_SOURCE_DIR) +
                           "/../shared/reference/db2-captures/packetnet_db2_select.hex.txt";
  std::ifstream file(path);
  if (!file) {
    std::fprintf(stderr, "drda_query_fuzzer: cannot read %s\n", path.c_str());
    std::abort();
  }
  std::vector<uint8_t> bytes;
  int server_turns = 0;
  bool in_server_turn = false;
  std::string line;
  while (std::getline(file, line) && server_turns <= 2) {
    if (line.starts_with("# stream")) {
      in_server_turn = line.find("S->C") != std::string::npos;
      if (in_server_turn) ++server_turns;
      continue;
    }
    if (line.empty() || line.starts_with("#") || !in_server_turn || server_turns > 2) continue;
    const std::vector<uint8_t> dss = drda::testing::FromHex(line);
    bytes.insert(bytes.end(), dss.begin(), dss.end());
  }
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<uint8_t> kHandshake = LoadHandshakeReplies();
  std::vector<uint8_t> incoming = kHandshake;
  incoming.insert(incoming.end(), data, data + size);
  auto transport = std::make_unique<drda::testing::FakeTransport>(std::move(incoming), 4096);
  drda::ConnectOptions options;
  options.database = "SAMPLE";
  options.user = "db2inst1";
  options.password = "db2inst1";
  options.security = drda::SecurityPreference::kUserIdPassword;
  options.query_block_size = 32767;
  auto connection = drda::Connection::OpenOver(std::move(transport), options);
  if (!connection) std::abort();  // the captured handshake must always succeed
  auto cursor = (*connection)->OpenQuery("SELECT * FROM T");
  if (!cursor) return 0;
  for (int row = 0; row < kMaxRows; ++row) {
    auto next = (*cursor)->Next();
    if (!next || !*next) break;
    for (const drda::FieldView& field : (*cursor)->row()) {
      // Touch every byte a view claims, so a view past its buffer is an ASan report.
      volatile uint8_t sink = 0;
      for (uint8_t byte : field.bytes) sink = sink ^ byte;
    }
  }
  return 0;
}
