// DDM code points used by the requester, named as in the DRDA/DDM specifications. CodePointName
// gives the spec's name for messages ("unexpected reply SYNTAXRM (0x124C)").
#pragma once

#include <cstdint>
#include <string>

namespace db2kafka::drda {

namespace cp {
// Commands
inline constexpr uint16_t kExcsat = 0x1041;
inline constexpr uint16_t kAccsec = 0x106D;
inline constexpr uint16_t kSecchk = 0x106E;
inline constexpr uint16_t kAccrdb = 0x2001;
inline constexpr uint16_t kClsqry = 0x2005;
inline constexpr uint16_t kCntqry = 0x2006;
inline constexpr uint16_t kDscsqlstt = 0x2008;
inline constexpr uint16_t kExcsqlimm = 0x200A;
inline constexpr uint16_t kExcsqlstt = 0x200B;
inline constexpr uint16_t kOpnqry = 0x200C;
inline constexpr uint16_t kPrpsqlstt = 0x200D;
inline constexpr uint16_t kRdbcmm = 0x200E;
inline constexpr uint16_t kRdbrllbck = 0x200F;
// Command objects and reply data
inline constexpr uint16_t kSqlstt = 0x2414;
inline constexpr uint16_t kSqldta = 0x2412;
inline constexpr uint16_t kSqlcard = 0x2408;
inline constexpr uint16_t kSqldard = 0x2411;
inline constexpr uint16_t kQrydsc = 0x241A;
inline constexpr uint16_t kQrydta = 0x241B;
inline constexpr uint16_t kSqlrslrd = 0x240E;
inline constexpr uint16_t kSqlcinrd = 0x240B;
inline constexpr uint16_t kSqldtard = 0x2413;
inline constexpr uint16_t kExtdta = 0x146C;
inline constexpr uint16_t kFdodsc = 0x0010;
inline constexpr uint16_t kFdodta = 0x147A;
inline constexpr uint16_t kPbsd = 0xC000;
inline constexpr uint16_t kTypdefnam = 0x002F;
inline constexpr uint16_t kTypdefovr = 0x0035;
// Reply messages
inline constexpr uint16_t kExcsatrd = 0x1443;
inline constexpr uint16_t kAccsecrd = 0x14AC;
inline constexpr uint16_t kSecchkrm = 0x1219;
inline constexpr uint16_t kAccrdbrm = 0x2201;
inline constexpr uint16_t kRdbupdrm = 0x2218;
inline constexpr uint16_t kEnduowrm = 0x220C;
inline constexpr uint16_t kOpnqryrm = 0x2205;
inline constexpr uint16_t kEndqryrm = 0x220B;
inline constexpr uint16_t kOpnqflrm = 0x2212;
inline constexpr uint16_t kSqlerrrm = 0x2213;
inline constexpr uint16_t kQrynoprm = 0x2202;
inline constexpr uint16_t kQrypoprm = 0x220F;
inline constexpr uint16_t kAbnuowrm = 0x220D;
inline constexpr uint16_t kDtamchrm = 0x220E;
inline constexpr uint16_t kRdbnfnrm = 0x2211;
inline constexpr uint16_t kRdbaflrm = 0x221A;
inline constexpr uint16_t kRdbathrm = 0x22CB;
inline constexpr uint16_t kRdbnacrm = 0x2204;
inline constexpr uint16_t kRdbaccrm = 0x2207;
inline constexpr uint16_t kRslsetrm = 0x2219;
inline constexpr uint16_t kSyntaxrm = 0x124C;
inline constexpr uint16_t kPrccnvrm = 0x1245;
inline constexpr uint16_t kCmdchkrm = 0x1254;
inline constexpr uint16_t kCmdnsprm = 0x1250;
inline constexpr uint16_t kPrmnsprm = 0x1251;
inline constexpr uint16_t kValnsprm = 0x1252;
inline constexpr uint16_t kObjnsprm = 0x1253;
inline constexpr uint16_t kMgrlvlrm = 0x1210;
inline constexpr uint16_t kAgnprmrm = 0x1232;
inline constexpr uint16_t kCmdathrm = 0x121C;
// Parameters
inline constexpr uint16_t kExtnam = 0x115E;
inline constexpr uint16_t kSrvnam = 0x116D;
inline constexpr uint16_t kSrvrlslv = 0x115A;
inline constexpr uint16_t kSrvclsnm = 0x1147;
inline constexpr uint16_t kMgrlvlls = 0x1404;
inline constexpr uint16_t kSecmec = 0x11A2;
inline constexpr uint16_t kSectkn = 0x11DC;
inline constexpr uint16_t kSecchkcd = 0x11A4;
inline constexpr uint16_t kUsrid = 0x11A0;
inline constexpr uint16_t kPassword = 0x11A1;
inline constexpr uint16_t kRdbnam = 0x2110;
inline constexpr uint16_t kRdbacccl = 0x210F;
inline constexpr uint16_t kPrdid = 0x112E;
inline constexpr uint16_t kCrrtkn = 0x2135;
inline constexpr uint16_t kCcsidsbc = 0x119C;
inline constexpr uint16_t kCcsiddbc = 0x119D;
inline constexpr uint16_t kCcsidmbc = 0x119E;
inline constexpr uint16_t kSvrcod = 0x1149;
inline constexpr uint16_t kSynerrcd = 0x114A;
inline constexpr uint16_t kCodpnt = 0x000C;
inline constexpr uint16_t kSrvdgn = 0x1153;
inline constexpr uint16_t kPkgnamcsn = 0x2113;
inline constexpr uint16_t kRdbcmtok = 0x2105;
inline constexpr uint16_t kRtnsqlda = 0x2116;
inline constexpr uint16_t kTypsqlda = 0x2146;
inline constexpr uint16_t kQryblksz = 0x2114;
inline constexpr uint16_t kMaxblkext = 0x2141;
inline constexpr uint16_t kQryclsimp = 0x215D;
inline constexpr uint16_t kQryinsid = 0x215B;
inline constexpr uint16_t kQryprctyp = 0x2102;
inline constexpr uint16_t kUowdsp = 0x2115;
inline constexpr uint16_t kPrccnvcd = 0x113F;
inline constexpr uint16_t kMaxrslcnt = 0x2140;
inline constexpr uint16_t kRslsetflg = 0x2142;
inline constexpr uint16_t kOutexp = 0x2111;
inline constexpr uint16_t kNbrrow = 0x213A;
inline constexpr uint16_t kPkgsnlst = 0x2139;
// Managers in MGRLVLLS
inline constexpr uint16_t kAgent = 0x1403;
inline constexpr uint16_t kSqlam = 0x2407;
inline constexpr uint16_t kRdb = 0x240F;
inline constexpr uint16_t kSecmgr = 0x1440;
inline constexpr uint16_t kCmntcpip = 0x1474;
inline constexpr uint16_t kUnicodemgr = 0x1C08;
inline constexpr uint16_t kCcsidmgr = 0x14CC;
// Query protocol types
inline constexpr uint16_t kLmtblkprc = 0x2417;
inline constexpr uint16_t kFixrowprc = 0x2418;
}  // namespace cp

// "SYNTAXRM (0x124C)", or "code point 0x1234" for one we have no name for.
std::string CodePointName(uint16_t code_point);

}  // namespace db2kafka::drda
