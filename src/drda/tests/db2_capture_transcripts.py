#!/usr/bin/env python3
"""Writes the golden transcripts that db2_capture_replay_test.cc compares our decoders with.

An independent decoder of the server replies in the real Db2 captures under testdata/: it shares
no code with src/drda (Python's cp500 codec for EBCDIC, struct for numbers) and follows
../shared/docs/drda.md and db2-captures.md. Rerun after changing the transcript format:

    python3 src/drda/tests/db2_capture_transcripts.py
"""
import codecs
import os
import struct

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")
CAPTURES = ["wireshark-wiki_drda_db2_sample", "packetnet_db2_select"]

NAMES = {
    0x1041: "EXCSAT", 0x106D: "ACCSEC", 0x106E: "SECCHK", 0x2001: "ACCRDB", 0x2005: "CLSQRY",
    0x2006: "CNTQRY", 0x2008: "DSCSQLSTT", 0x200A: "EXCSQLIMM", 0x200B: "EXCSQLSTT",
    0x200C: "OPNQRY", 0x200D: "PRPSQLSTT", 0x200E: "RDBCMM", 0x200F: "RDBRLLBCK",
    0x2014: "EXCSQLSET", 0x1443: "EXCSATRD", 0x14AC: "ACCSECRD", 0x1219: "SECCHKRM",
    0x2201: "ACCRDBRM", 0x2205: "OPNQRYRM", 0x220B: "ENDQRYRM", 0x220C: "ENDUOWRM",
    0x2219: "RSLSETRM", 0x2408: "SQLCARD", 0x2411: "SQLDARD", 0x241A: "QRYDSC", 0x241B: "QRYDTA",
    0x2413: "SQLDTARD", 0x240E: "SQLRSLRD", 0x240B: "SQLCINRD", 0x2414: "SQLSTT",
    0x2450: "SQLATTR", 0x2412: "SQLDTA", 0x0010: "FDODSC", 0x147A: "FDODTA", 0x115E: "EXTNAM",
    0x1147: "SRVCLSNM", 0x116D: "SRVNAM", 0x115A: "SRVRLSLV", 0x1404: "MGRLVLLS",
    0x11A2: "SECMEC", 0x11A4: "SECCHKCD", 0x1149: "SVRCOD", 0x112E: "PRDID", 0x002F: "TYPDEFNAM",
    0x0035: "TYPDEFOVR", 0x119C: "CCSIDSBC", 0x119D: "CCSIDDBC", 0x119E: "CCSIDMBC",
    0x1913: "CCSIDXML", 0x2103: "RDBINTTKN", 0x2135: "CRRTKN", 0x2102: "QRYPRCTYP",
    0x211F: "SQLCSRHLD", 0x2150: "QRYATTUPD", 0x215B: "QRYINSID", 0x214B: "DYNDTAFMT",
    0x2110: "RDBNAM", 0x2115: "UOWDSP", 0x2139: "PKGSNLST", 0x2113: "PKGNAMCSN",
    0x1403: "AGENT", 0x2407: "SQLAM", 0x240F: "RDB", 0x1440: "SECMGR", 0x1474: "CMNTCPIP",
    0x1C08: "UNICODEMGR", 0x14CC: "CCSIDMGR", 0x2417: "LMTBLKPRC", 0x2418: "FIXROWPRC",
}
TEXT = {0x115E, 0x1147, 0x116D, 0x115A, 0x112E, 0x002F, 0x2110}
NUMBERS = {0x1149, 0x11A2, 0x119C, 0x119D, 0x119E, 0x1913}
FLAGS = {0x11A4, 0x211F, 0x2150, 0x2115, 0x214B}
GROUPS = {0x0035, 0x2139}


def name(cp):
    return NAMES.get(cp, "0x%04x" % cp)


def quoted(raw):
    return '"' + "".join(chr(b) if 0x20 <= b <= 0x7E and b not in (0x22, 0x5C) else "\\x%02x" % b
                         for b in raw) + '"'


def ebcdic(raw):
    return quoted(codecs.decode(raw, "cp500").encode("latin-1"))


def objects(data):
    out, at = [], 0
    while at < len(data):
        length, cp = struct.unpack(">HH", data[at:at + 4])
        assert length >= 4 and at + length <= len(data), (hex(cp), length)
        out.append((cp, data[at + 4:at + length]))
        at += length
    return out


def load(path):
    turns = []
    for line in open(path, encoding="ascii"):
        line = line.strip()
        if line.startswith("# stream"):
            turns.append(("S->C" in line, []))
        elif line and not line.startswith("#"):
            turns[-1][1].append(bytes.fromhex(line))
    return turns


class Reader:
    def __init__(self, data, little):
        self.data, self.at, self.order = data, 0, "<" if little else ">"

    def take(self, n):
        if self.at + n > len(self.data):
            raise EOFError
        out = self.data[self.at:self.at + n]
        self.at += n
        return out

    def u8(self):
        return self.take(1)[0]

    def i(self, size):
        return struct.unpack(self.order + {2: "h", 4: "i", 8: "q"}[size], self.take(size))[0]

    def vcs(self):
        return self.take(struct.unpack(">H", self.take(2))[0])

    def pair(self):
        mixed, single = self.vcs(), self.vcs()
        return mixed or single

    def left(self):
        return len(self.data) - self.at


def sqlca(r):
    if r.u8() == 0xFF:
        return "SQLCA null"
    code = r.i(4)
    state, proc = r.take(5), r.take(8).rstrip(b" \0")
    errd, rdb, tokens = [0] * 6, b"", b""
    if r.u8() != 0xFF:
        errd = [r.i(4) for _ in range(6)]
        r.take(11)
        rdb = r.vcs().rstrip(b" \0")
        mixed, single = r.vcs(), r.vcs()
        tokens = (mixed or single).replace(b"\xff", b"; ").replace(b"\x14", b"; ")
    assert r.u8() == 0xFF, "SQLDIAGGRP"
    return "SQLCA code=%d state=%s proc=%s errd=%s rdb=%s tokens=%s" % (
        code, quoted(state), quoted(proc), ",".join(map(str, errd)), quoted(rdb), quoted(tokens))


def sqlda(r, sqlam, label):
    """SQLDHGRP, SQLNUMROW and the SQLDAGRPs (the SQLCA before them is read by the caller)."""
    if r.u8() != 0xFF:
        r.take(2 * (7 if sqlam >= 9 else 6))
        r.vcs()
        r.pair()
        if sqlam >= 10:
            r.pair()
    count = r.i(2)
    lines = ["%s columns=%d" % (label, count)]
    for k in range(1, count + 1):
        precision, scale, length, sqltype = r.i(2), r.i(2), r.i(8), r.i(2)
        ccsid = struct.unpack(">H", r.take(2))[0]
        r.take((8 if sqlam >= 9 else 0) + (2 if sqlam >= 10 else 0))
        column = b""
        if r.u8() != 0xFF:
            r.take(2)
            column = r.pair()
            r.pair()
            r.pair()
            if r.u8() != 0xFF:  # SQLUDTGRP
                r.take(4)
                r.vcs()
                for _ in range(3 if sqlam >= 10 else 2):
                    r.pair()
            if r.u8() != 0xFF:  # SQLDXGRP
                r.take(2 * (6 if sqlam >= 9 else 4))
                r.vcs()
                for _ in range(5 if sqlam >= 10 else 4):
                    r.pair()
            if sqlam >= 10:
                assert r.u8() == 0xFF, "the extra SQLAM 10 group"
        lines.append("  col %d name=%s type=%d length=%d precision=%d scale=%d ccsid=%d" % (
            k, quoted(column), sqltype, length, precision, scale, ccsid))
    assert r.left() == 0, "%d bytes after the last column" % r.left()
    return lines


def qrydsc(data, label):
    columns, at = [], 0
    while at < len(data):
        length, kind = data[at], data[at + 1]
        if kind in (0x76, 0x7F):
            payload = data[at + 3:at + length]
            columns += [(payload[k], payload[k + 1] << 8 | payload[k + 2])
                        for k in range(0, len(payload), 3)]
        else:
            assert kind == 0x71, hex(kind)
        at += length
    lines = ["%s columns=%d" % (label, len(columns))]
    lines += ["  col %d fdoca=0x%02x length=%d" % (k + 1, t, l) for k, (t, l) in enumerate(columns)]
    return columns, lines


def value(r, kind, length, little):
    base = kind & 0xFE
    if base in (0x02, 0x04, 0x16):
        return str(r.i({0x02: 4, 0x04: 2, 0x16: 8}[base]))
    if base in (0x0C, 0x0A):
        size = 4 if base == 0x0C else 8
        return "%g" % struct.unpack(("<" if little else ">") + ("f" if size == 4 else "d"),
                                    r.take(size))[0]
    if base in (0x30, 0x3C, 0x20, 0x22, 0x24):
        return quoted(r.take(length))
    if base in (0x32, 0x3E, 0x34, 0x40):
        return quoted(r.vcs())
    if 0xC8 <= base <= 0xCE:
        return "lob:" + r.take(length & 0x7FFF).hex()
    raise AssertionError("type 0x%02x" % kind)


def rows(data, columns, little, indent):
    r, lines, count = Reader(data, little), [], 0
    while r.left():
        start = r.at
        try:
            if r.data[r.at] != 0xFF:
                lines.append(indent + sqlca(r))
            else:
                r.u8()
            if r.u8() == 0xFF:
                lines.append(indent + "no row")
                continue
            values = []
            for kind, length in columns:
                indicator = r.u8() if kind & 1 else 0
                if indicator == 0xFF:
                    values.append("NULL")
                elif indicator >= 0x80:
                    values.append("NOVALUE(%02x)" % indicator)
                else:
                    values.append(value(r, kind, length, little))
        except EOFError:
            lines.append(indent + "partial row: %d bytes" % (len(data) - start))
            break
        count += 1
        shown = values if len(columns) <= 8 or count == 1 else values[:3] + ["..."]
        lines.append(indent + "row %d: %s" % (count, " | ".join(shown)))
    return lines


def parameters(data, indent):
    lines = []
    for cp, value_bytes in objects(data):
        head = indent + name(cp)
        if cp in TEXT:
            lines.append(head + " " + ebcdic(value_bytes))
        elif cp in NUMBERS:
            lines.append(head + " " + " ".join(str(struct.unpack(">H", value_bytes[k:k + 2])[0])
                                               for k in range(0, len(value_bytes), 2)))
        elif cp in FLAGS:
            lines.append(head + " " + value_bytes.hex())
        elif cp == 0x2102:
            lines.append(head + " " + name(struct.unpack(">H", value_bytes)[0]))
        elif cp == 0x1404:
            lines.append(head + " " + " ".join(
                "%s=%d" % (name(struct.unpack(">H", value_bytes[k:k + 2])[0]),
                           struct.unpack(">H", value_bytes[k + 2:k + 4])[0])
                for k in range(0, len(value_bytes), 4)))
        elif cp == 0x2113 and len(value_bytes) == 64:
            lines.append(head + " rdb=%s collection=%s package=%s token=%s section=%d" % (
                ebcdic(value_bytes[0:18].rstrip(b"\x40")), ebcdic(value_bytes[18:36].rstrip(b"\x40")),
                ebcdic(value_bytes[36:54].rstrip(b"\x40")), value_bytes[54:62].hex(),
                struct.unpack(">H", value_bytes[62:64])[0]))
        elif cp in GROUPS:
            lines.append(head)
            lines += parameters(value_bytes, indent + "  ")
        else:
            lines.append(head + " hex=" + value_bytes.hex())
    return lines


class Session:
    def __init__(self):
        self.sqlam, self.little, self.columns = 7, False, []

    def decode(self, cp, data):
        label = name(cp)
        if cp in (0x1443, 0x14AC, 0x1219, 0x2201, 0x2205, 0x220B, 0x220C, 0x2219):
            if cp == 0x1443:
                for mcp, mdata in objects(data):
                    for k in range(0, len(mdata), 4) if mcp == 0x1404 else []:
                        if struct.unpack(">H", mdata[k:k + 2])[0] == 0x2407:
                            self.sqlam = struct.unpack(">H", mdata[k + 2:k + 4])[0]
            if cp == 0x2201:
                for pcp, pdata in objects(data):
                    if pcp == 0x002F:
                        self.little = codecs.decode(pdata, "cp500") == "QTDSQLX86"
            return [label] + parameters(data, "")
        if cp == 0x2408:
            r = Reader(data, self.little)
            line = sqlca(r)
            assert r.left() == 0
            return [label + " " + line]
        if cp == 0x2411:
            r = Reader(data, self.little)
            return [label + " " + sqlca(r)] + sqlda(r, self.sqlam, "SQLDA")
        if cp == 0x240B:
            lines = sqlda(Reader(data, self.little), self.sqlam, label)
            return [lines[0]] + [l[2:] for l in lines[1:]]
        if cp == 0x241A:
            self.columns, lines = qrydsc(data, label)
            return [lines[0]] + [l[2:] for l in lines[1:]]
        if cp == 0x241B:
            return ["%s bytes=%d" % (label, len(data))] + rows(data, self.columns, self.little, "")
        if cp == 0x2413:
            lines = [label]
            for inner, inner_data in objects(data):
                if inner == 0x0010:
                    columns, described = qrydsc(inner_data, "FDODSC")
                    lines += described
                else:
                    lines.append(name(inner) + " bytes=%d" % len(inner_data))
                    lines += rows(inner_data, columns, self.little, "  ")
            return lines
        if cp == 0x2414:
            r = Reader(data, self.little)
            assert r.u8() == 0xFF and r.u8() == 0
            return [label + " " + quoted(r.take(struct.unpack(">I", r.take(4))[0]))]
        return [label + " hex=" + data.hex()]


def transcript(capture):
    session, lines, asked, reply = Session(), [], [], 0
    for from_server, dsss in load(os.path.join(HERE, capture + ".hex.txt")):
        if not from_server:
            asked = [name(objects(d[6:])[0][0]) for d in dsss if d[3] & 0x0F == 1]
            continue
        reply += 1
        lines.append("reply %d to %s" % (reply, ", ".join(asked)))
        for dss in dsss:
            for cp, data in objects(dss[6:]):
                decoded = session.decode(cp, data)
                lines.append("  dss corr=%d fmt=%02x %s" % (dss[4] << 8 | dss[5], dss[3], decoded[0]))
                lines += ["    " + l for l in decoded[1:]]
    return lines


if __name__ == "__main__":
    for capture in CAPTURES:
        with open(os.path.join(HERE, capture + ".transcript.txt"), "w", encoding="ascii") as out:
            out.write("# %s.hex.txt decoded by ../db2_capture_transcripts.py, independently of "
                      "src/drda\n" % capture)
            out.write("\n".join(transcript(capture)) + "\n")
