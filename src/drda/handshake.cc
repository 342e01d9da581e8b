// The connect conversation: EXCSAT + ACCSEC, then SECCHK + ACCRDB (../shared/docs/drda.md §2–3).
#include <unistd.h>

#include <random>

#include "base/logger.h"
#include "base/status_macros.h"
#include "drda/code_point.h"
#include "drda/connection.h"
#include "drda/ebcdic.h"
#include "drda/secmec9.h"

namespace db2kafka::drda {
namespace {

constexpr size_t kMinimumRdbNameLength = 18;  // Derby and Db2 want RDBNAM padded to 18
constexpr uint16_t kUnicodeCcsid = 1208;
constexpr uint16_t kUtf16Ccsid = 1200;

struct ManagerLevel {
  uint16_t manager;
  uint16_t level;
};
// What Db2 clients ask for; servers answer min(asked, supported).
constexpr ManagerLevel kRequestedLevels[] = {
    {cp::kAgent, 10}, {cp::kSqlam, 11}, {cp::kCmntcpip, 5},
    {cp::kRdb, 12},   {cp::kSecmgr, 9}, {cp::kUnicodemgr, kUnicodeCcsid},
};

std::string Padded(std::string_view text, size_t length) {
  std::string padded(text);
  if (padded.size() < length) padded.resize(length, ' ');
  return padded;
}

std::string HostName() {
  char name[256] = {};
  gethostname(name, sizeof(name) - 1);
  return name;
}

const char* SecchkReason(uint8_t code) {
  switch (code) {
    case 0x01:
      return "security mechanism not supported";
    case 0x0E:
      return "password expired";
    case 0x0F:
      return "password invalid";
    case 0x10:
      return "password missing";
    case 0x12:
      return "user id missing";
    case 0x13:
      return "user id or password invalid";
    case 0x14:
      return "user id revoked";
    case 0x15:
      return "new password invalid";
    case 0x0A:
      return "the server's security service failed";
    case 0x0B:
      return "security token missing or invalid";
    default:
      return "authentication failed";
  }
}

struct Parameters {
  std::vector<DdmObject> objects;
  const DdmObject* Find(uint16_t code_point) const {
    for (const DdmObject& object : objects) {
      if (object.code_point == code_point) return &object;
    }
    return nullptr;
  }
};

base::Result<Parameters> ParametersOf(const ReplyObject& object) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto objects, ParseObjects(object.data));
  return Parameters{std::move(objects)};
}

base::Result<const ReplyObject*> Expect(const Reply& reply, uint16_t code_point,
                                        const Connection& connection, std::string_view context) {
  for (const ReplyObject& object : reply.objects) {
    if (object.code_point == code_point) return &object;
    DB2KAFKA_TRY(connection.CheckReplyMessage(object, context));
  }
  return base::Fail(
      base::ErrorCode::kProtocol,
      std::string(context) + ": the server did not answer with " + CodePointName(code_point));
}

}  // namespace

// The encoder's error would quote the offending character, which is part of a secret.
base::Result<std::string> Connection::EncodePassword() const {
  auto encoded = EncodeDdmString(options_.password);
  if (!encoded) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "the password contains a character that this server's EBCDIC (CCSID 500) "
                      "login cannot carry");
  }
  return encoded;
}

base::Status Connection::Handshake() {
  const std::string endpoint =
      options_.transport.host + ":" + std::to_string(options_.transport.port);
  DB2KAFKA_ASSIGN_OR_RETURN(const std::string rdb_name_ebcdic,
                            Utf8ToEbcdic(Padded(options_.database, kMinimumRdbNameLength)));

  // The first offer: EUSRIDPWD on plain TCP (the password never crosses in clear), USRIDPWD under
  // TLS where it is already protected.
  SecurityMechanism mechanism =
      options_.security == SecurityPreference::kEncryptedUserIdPassword ||
              (options_.security == SecurityPreference::kAuto && !options_.transport.tls)
          ? SecurityMechanism::kEncryptedUserIdPassword
          : SecurityMechanism::kUserIdPassword;
  std::optional<Secmec9> secmec9;
  std::vector<uint8_t> server_key;  // ACCSECRD SECTKN for SECMEC 9

  RequestWriter writer;
  writer.BeginCommand(cp::kExcsat);
  DB2KAFKA_ASSIGN_OR_RETURN(std::string extnam, Utf8ToEbcdic("db2kafka"));
  DB2KAFKA_ASSIGN_OR_RETURN(std::string srvnam, Utf8ToEbcdic(HostName().substr(0, 64)));
  DB2KAFKA_ASSIGN_OR_RETURN(std::string srvrlslv, Utf8ToEbcdic("DB2KAFKA"));
  DB2KAFKA_ASSIGN_OR_RETURN(std::string srvclsnm, Utf8ToEbcdic("DB2KAFKA/LINUX"));
  writer.AddChars(cp::kExtnam, extnam);
  writer.AddChars(cp::kSrvnam, srvnam);
  writer.AddChars(cp::kSrvrlslv, srvrlslv);
  writer.AddChars(cp::kSrvclsnm, srvclsnm);
  {
    base::ByteWriter levels;
    for (const ManagerLevel& level : kRequestedLevels) {
      levels.U16(level.manager);
      levels.U16(level.level);
    }
    writer.AddBytes(cp::kMgrlvlls, levels.bytes());
  }

  // ACCSEC, repeated alone when the server refuses the mechanism we offered.
  for (int attempt = 0;; ++attempt) {
    writer.BeginCommand(cp::kAccsec);
    writer.AddU16(cp::kSecmec, static_cast<uint16_t>(mechanism));
    // A repeated ACCSEC already follows the server's choice of DDM charset (Derby switches to
    // UTF-8 right after its first ACCSECRD and compares RDBNAM byte for byte).
    if (attempt == 0) {
      writer.AddChars(cp::kRdbnam, rdb_name_ebcdic);
    } else {
      DB2KAFKA_ASSIGN_OR_RETURN(std::string rdb_name,
                                EncodeDdmString(Padded(options_.database, kMinimumRdbNameLength)));
      writer.AddChars(cp::kRdbnam, rdb_name);
    }
    if (mechanism == SecurityMechanism::kEncryptedUserIdPassword) {
      DB2KAFKA_ASSIGN_OR_RETURN(Secmec9 keys, Secmec9::Generate());
      secmec9.emplace(std::move(keys));
      writer.AddBytes(cp::kSectkn, secmec9->public_key());
    }
    DB2KAFKA_ASSIGN_OR_RETURN(Reply reply, Exchange(writer));

    if (attempt == 0) {
      DB2KAFKA_ASSIGN_OR_RETURN(const ReplyObject* excsatrd,
                                Expect(reply, cp::kExcsatrd, *this, "connecting to " + endpoint));
      DB2KAFKA_ASSIGN_OR_RETURN(Parameters parameters, ParametersOf(*excsatrd));
      const auto text = [&](uint16_t code_point) {
        const DdmObject* found = parameters.Find(code_point);
        return found ? EbcdicToUtf8(std::string_view(
                           reinterpret_cast<const char*>(found->data.data()), found->data.size()))
                     : std::string();
      };
      server_.external_name = text(cp::kExtnam);
      server_.server_class = text(cp::kSrvclsnm);
      server_.release = text(cp::kSrvrlslv);
      server_.dialect = &DialectFor(server_.server_class, server_.release, server_.external_name);
      if (const DdmObject* levels = parameters.Find(cp::kMgrlvlls)) {
        base::ByteReader level_reader(levels->data);
        while (level_reader.remaining() >= 4) {
          const uint16_t manager = level_reader.U16().value();
          const uint16_t level = level_reader.U16().value();
          if (manager == cp::kSqlam) server_.sqlam = level;
          if (manager == cp::kUnicodemgr) server_.utf8_ddm = level == kUnicodeCcsid;
        }
      }
      if (server_.sqlam < 7) {
        return base::Fail(base::ErrorCode::kFailedPrecondition,
                          endpoint + " speaks SQLAM level " + std::to_string(server_.sqlam) +
                              "; db2kafka needs level 7 or later (Db2 9.7+, Derby 10.x)");
      }
    }

    DB2KAFKA_ASSIGN_OR_RETURN(const ReplyObject* accsecrd,
                              Expect(reply, cp::kAccsecrd, *this, "connecting to " + endpoint));
    DB2KAFKA_ASSIGN_OR_RETURN(Parameters security, ParametersOf(*accsecrd));
    const DdmObject* refusal = security.Find(cp::kSecchkcd);
    if (refusal == nullptr || refusal->data.empty() || refusal->data[0] == 0) {
      if (mechanism == SecurityMechanism::kEncryptedUserIdPassword) {
        const DdmObject* server_token = security.Find(cp::kSectkn);
        if (server_token == nullptr) {
          return base::Fail(base::ErrorCode::kProtocol,
                            "ACCSECRD for SECMEC 9 carries no server key (SECTKN)");
        }
        // Keep the server's key for SECCHK: it is both DH peer key and IV source.
        server_key.assign(server_token->data.begin(), server_token->data.end());
      }
      break;
    }
    std::vector<uint16_t> offered;
    for (const DdmObject& parameter : security.objects) {
      if (parameter.code_point == cp::kSecmec && parameter.data.size() >= 2) {
        for (size_t i = 0; i + 1 < parameter.data.size(); i += 2) {
          offered.push_back(static_cast<uint16_t>(parameter.data[i] << 8 | parameter.data[i + 1]));
        }
      }
    }
    std::string offered_text;
    bool offers_password = false;
    for (uint16_t value : offered) {
      offered_text += (offered_text.empty() ? "" : ", ") + std::to_string(value);
      offers_password |= value == static_cast<uint16_t>(SecurityMechanism::kUserIdPassword);
    }
    const bool may_fall_back = options_.security == SecurityPreference::kAuto &&
                               mechanism == SecurityMechanism::kEncryptedUserIdPassword &&
                               offers_password && attempt == 0;
    if (!may_fall_back) {
      std::string refusal = endpoint + " does not accept security mechanism ";
      refusal += std::to_string(static_cast<uint16_t>(mechanism));
      refusal += " (it offers " + offered_text + "); set source.security_mechanism accordingly";
      return base::Fail(base::ErrorCode::kFailedPrecondition, std::move(refusal));
    }
    std::string warning = endpoint + " does not offer encrypted credentials (SECMEC 9; it offers ";
    warning += offered_text + "): sending the password in clear (SECMEC 3)";
    if (!options_.transport.tls) warning += "; enable source.tls to protect it";
    base::LogWarning("drda", warning);
    mechanism = SecurityMechanism::kUserIdPassword;
    secmec9.reset();
  }
  server_.mechanism = mechanism;

  // From here on DDM strings are UTF-8 when the server echoed UNICODEMGR 1208.
  DB2KAFKA_ASSIGN_OR_RETURN(std::string rdb_name,
                            EncodeDdmString(Padded(options_.database, kMinimumRdbNameLength)));
  writer.BeginCommand(cp::kSecchk);
  writer.AddU16(cp::kSecmec, static_cast<uint16_t>(mechanism));
  writer.AddChars(cp::kRdbnam, rdb_name);
  if (mechanism == SecurityMechanism::kEncryptedUserIdPassword) {
    DB2KAFKA_ASSIGN_OR_RETURN(std::string user, EncodeDdmString(options_.user));
    DB2KAFKA_ASSIGN_OR_RETURN(std::string password, EncodePassword());
    const auto bytes = [](const std::string& text) {
      return std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    };
    DB2KAFKA_ASSIGN_OR_RETURN(auto encrypted_user, secmec9->Encrypt(server_key, bytes(user)));
    DB2KAFKA_ASSIGN_OR_RETURN(auto encrypted_password,
                              secmec9->Encrypt(server_key, bytes(password)));
    writer.AddBytes(cp::kSectkn, encrypted_user);
    writer.AddBytes(cp::kSectkn, encrypted_password);
  } else {
    DB2KAFKA_ASSIGN_OR_RETURN(std::string user, EncodeDdmString(options_.user));
    DB2KAFKA_ASSIGN_OR_RETURN(std::string password, EncodePassword());
    writer.AddChars(cp::kUsrid, user);
    writer.AddChars(cp::kPassword, password);
  }

  writer.BeginCommand(cp::kAccrdb);
  writer.AddChars(cp::kRdbnam, rdb_name);
  writer.AddU16(cp::kRdbacccl, cp::kSqlam);
  DB2KAFKA_ASSIGN_OR_RETURN(std::string product_id,
                            EncodeDdmString(server_.dialect->requester_product_id));
  writer.AddChars(cp::kPrdid, product_id);
  // Our own numbers are big-endian ASCII-world (QTDSQLASC); replies say theirs.
  DB2KAFKA_ASSIGN_OR_RETURN(std::string typdefnam, EncodeDdmString("QTDSQLASC"));
  writer.AddChars(cp::kTypdefnam, typdefnam);
  {
    std::mt19937 random(std::random_device{}());
    DB2KAFKA_ASSIGN_OR_RETURN(std::string token, EncodeDdmString("DB2KAFKA.C0A80001"));
    for (int i = 0; i < 6; ++i) token.push_back(static_cast<char>(random() & 0xFF));
    writer.AddChars(cp::kCrrtkn, token);
  }
  writer.BeginGroup(cp::kTypdefovr);
  writer.AddU16(cp::kCcsidsbc, kUnicodeCcsid);
  writer.AddU16(cp::kCcsiddbc, kUtf16Ccsid);
  writer.AddU16(cp::kCcsidmbc, kUnicodeCcsid);
  writer.EndGroup();
  DB2KAFKA_ASSIGN_OR_RETURN(Reply reply, Exchange(writer));

  const std::string login = "cannot log in to database " + options_.database + " at " + endpoint;
  for (const ReplyObject& object : reply.objects) {
    if (object.code_point != cp::kSecchkrm) continue;
    DB2KAFKA_ASSIGN_OR_RETURN(Parameters parameters, ParametersOf(object));
    const DdmObject* code = parameters.Find(cp::kSecchkcd);
    if (code != nullptr && !code->data.empty() && code->data[0] != 0) {
      return base::Fail(base::ErrorCode::kUnauthenticated,
                        login + " as " + options_.user + ": " + SecchkReason(code->data[0]) +
                            " (SECCHKCD " + std::to_string(code->data[0]) + ")");
    }
  }
  DB2KAFKA_ASSIGN_OR_RETURN(const ReplyObject* accrdbrm,
                            Expect(reply, cp::kAccrdbrm, *this, login));
  DB2KAFKA_ASSIGN_OR_RETURN(Parameters accepted, ParametersOf(*accrdbrm));
  if (const DdmObject* prdid = accepted.Find(cp::kPrdid)) {
    server_.product_id = DecodeDdmString(prdid->data);
  }
  if (const DdmObject* typdef = accepted.Find(cp::kTypdefnam)) {
    // QTDSQLX86 (Db2 on x86-64) sends numbers little-endian; the others big-endian.
    server_.byte_order = DecodeDdmString(typdef->data) == "QTDSQLX86"
                             ? base::ByteOrder::kLittleEndian
                             : base::ByteOrder::kBigEndian;
  }
  transport_->SetIoTimeout(options_.io_timeout);
  return {};
}

}  // namespace db2kafka::drda
