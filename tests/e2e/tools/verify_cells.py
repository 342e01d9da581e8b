"""Values as verify_topic.py compares them: Java semantics (String.hashCode, float32 widening,
std::to_chars texts), cells (a received value in JdbcJsonDump's rendering with its kind and its
primary_key text) and the rules that match a cell with an expected JSON value."""

import base64
import binascii
import datetime
import decimal
import json
import math
import re
import struct

EPOCH = datetime.datetime(1970, 1, 1)
EPOCH_DATE = datetime.date(1970, 1, 1)
TIMESTAMP_TEXT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T-](\d{2})[:.](\d{2})[:.](\d{2})(?:\.(\d{1,12}))?$")
EXPECTED_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}$")


class InputError(Exception):
    """A usage or input problem: exit 2."""


def java_string_hash(text):
    """java.lang.String.hashCode over the UTF-16 code units of `text`, as a signed 32-bit int."""
    h = 0
    if text.isascii():  # one UTF-16 unit per byte
        for unit in text.encode("ascii"):
            h = (31 * h + unit) & 0xFFFFFFFF
    else:
        units = text.encode("utf-16-le", "surrogatepass")
        for i in range(0, len(units), 2):
            h = (31 * h + (units[i] | units[i + 1] << 8)) & 0xFFFFFFFF
    return h - (1 << 32) if h >= 1 << 31 else h


def java_partition(key, partitions):
    """Math.abs(key.hashCode() % partitions); Java's % truncates toward zero."""
    return abs(java_string_hash(key)) % partitions


def widen_float32(value):
    """The nearest float32 to `value`, widened back to a double (what (double) aFloat gives)."""
    if math.isnan(value) or math.isinf(value):
        return value
    try:
        return struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)


def shortest_text(value, float32=False):
    """std::to_chars(value) without a format: the shortest round-trip digits, fixed or %e style,
    whichever is shorter (fixed on a tie); NaN/Infinity/-Infinity as docs/FORMATS.md's key text."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    if float32:
        for digits in range(1, 10):
            text = "%.*e" % (digits - 1, value)
            if widen_float32(float(text)) == value:
                break
    else:
        text = "%.*e" % (16, value)
        for digits in range(1, 18):
            candidate = "%.*e" % (digits - 1, value)
            if float(candidate) == value:
                text = candidate
                break
    mantissa, exponent = text.split("e")
    sign = "-" if mantissa.startswith("-") else ""
    mantissa_digits = mantissa.lstrip("-").replace(".", "").rstrip("0") or "0"
    exp = int(exponent)
    scientific = sign + mantissa_digits[0]
    if len(mantissa_digits) > 1:
        scientific += "." + mantissa_digits[1:]
    scientific += "e%s%02d" % ("-" if exp < 0 else "+", abs(exp))
    point = exp + 1  # digits before the decimal point
    if point <= 0:
        fixed = sign + "0." + "0" * (-point) + mantissa_digits
    elif point >= len(mantissa_digits):
        fixed = sign + mantissa_digits + "0" * (point - len(mantissa_digits))
    else:
        fixed = sign + mantissa_digits[:point] + "." + mantissa_digits[point:]
    return fixed if len(fixed) <= len(scientific) else scientific


def plain_decimal(unscaled, scale):
    """BigDecimal(unscaled, scale).toPlainString() for scale >= 0."""
    sign = "-" if unscaled < 0 else ""
    digits = str(abs(unscaled))
    if scale <= 0:
        return sign + digits + "0" * (-scale)
    digits = digits.rjust(scale + 1, "0")
    return sign + digits[:-scale] + "." + digits[-scale:]


class Cell:
    """One received column value: `value` in JdbcJsonDump's rendering, `kind` for comparison,
    `key_text` the value's text in the primary_key partition key (None: not derivable)."""

    __slots__ = ("value", "kind", "key_text", "note")

    def __init__(self, value, kind, key_text=None, note=None):
        self.value, self.kind, self.key_text, self.note = value, kind, key_text, note

    def shown(self):
        return shown(self.value) + (f" ({self.note})" if self.note else "")


def shown(value):
    """JSON text of a value with every invisible character escaped, so that two values that
    differ only there do not look alike in a message."""
    return "".join(c if c.isprintable() or c == " " else "\\u%04x" % ord(c) if ord(c) < 0x10000
                   else c for c in json.dumps(value, ensure_ascii=False))


def null_cell():
    return Cell(None, "null", "")


def int_cell(number):
    number = int(number)
    return Cell(number, "int", str(number))


def bool_cell(flag):
    return Cell(bool(flag), "bool", "true" if flag else "false")


def text_cell(text):
    return Cell(text, "text", text)


def binary_cell(data):
    return Cell(data.hex(), "binary", base64.b64encode(data).decode("ascii"))


def decimal_cell(text):
    return Cell(text, "decimal", text)


def decfloat_cell(text, key_text=None):
    return Cell(text, "decfloat", key_text if key_text is not None else text)


def real_cell(number):
    widened = widen_float32(float(number))
    return Cell(widened, "real", shortest_text(widened, float32=True))


def double_cell(number, kind="double"):
    number = float(number)
    return Cell(number, kind, shortest_text(number))


def date_cell(date):
    return Cell(date.isoformat(), "date", date.isoformat())


def time_cell(hour, minute, second):
    # JDBC reads Db2's 24:00:00 as 00:00:00 (java.sql.Time cannot hold hour 24).
    hour = 0 if hour == 24 else hour
    text = f"{hour:02d}:{minute:02d}:{second:02d}"
    return Cell(text, "time", text)


def timestamp_cell(moment, nanos, digits):
    """`moment` a naive datetime (whole seconds), `nanos` the fraction in ns; `digits` the
    declared fraction digits for the key text (None: the key text is not known)."""
    base = (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
            f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}")
    value = f"{base}.{nanos:09d}"
    key_text = None
    if digits is not None:
        key_text = base.replace("T", " ")
        if digits > 0:
            key_text += "." + f"{nanos:09d}".ljust(digits, "0")[:digits]
    return Cell(value, "timestamp", key_text)


def timestamp_from_parts(year, month, day, hour, minute, second, nanos, digits):
    carry = 0
    if hour == 24:  # Db2's 24:00:00 is the next day's midnight for JDBC
        hour, carry = 0, 1
    moment = datetime.datetime(year, month, day, hour, minute, second) + datetime.timedelta(days=carry)
    return timestamp_cell(moment, nanos, digits)


def timestamp_from_text(text):
    """'YYYY-MM-DD HH:MM:SS[.f{1,12}]' (value text of the JSON formats) as a timestamp cell."""
    match = TIMESTAMP_TEXT.match(text)
    if not match:
        raise ValueError(f"not a timestamp: {text!r}")
    date = datetime.date.fromisoformat(match.group(1))
    fraction = match.group(5) or ""
    nanos = int(fraction.ljust(9, "0")[:9]) if fraction else 0
    cell = timestamp_from_parts(date.year, date.month, date.day, int(match.group(2)),
                                int(match.group(3)), int(match.group(4)), nanos, None)
    cell.key_text = text
    return cell


def time_from_text(text):
    match = re.match(r"^(\d{2})[:.](\d{2})[:.](\d{2})$", text)
    if not match:
        raise ValueError(f"not a time: {text!r}")
    cell = time_cell(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    cell.key_text = text
    return cell


def b64decode_strict(text):
    return base64.b64decode(text.encode("ascii"), validate=True)


def as_float(value):
    if isinstance(value, str):
        return float(decimal.Decimal(value))
    return float(value)


def floats_equal(a, b):
    return a == b or (math.isnan(a) and math.isnan(b))


def decimals_equal(a, b):
    try:
        x, y = decimal.Decimal(str(a)), decimal.Decimal(str(b))
    except (decimal.InvalidOperation, ValueError):
        return False
    if x.is_nan() or y.is_nan():
        return x.is_nan() and y.is_nan()
    return x == y


def same_json_type(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return True
    return type(a) is type(b)


def cell_matches(expected, cell):
    """Whether the received `cell` is a rendering of the expected JdbcJsonDump value."""
    if expected is None or cell.value is None:
        return expected is None and cell.value is None
    kind = cell.kind
    if kind in ("real", "double"):
        if isinstance(expected, bool):
            return False
        if isinstance(expected, (int, float)):
            return floats_equal(float(expected), cell.value)
        return False
    if kind == "decimal_double":  # debezium decimal_handling double: nearest double only
        try:
            return floats_equal(as_float(expected), cell.value)
        except (ValueError, decimal.InvalidOperation, TypeError):
            return False
    if kind == "decfloat":
        return decimals_equal(expected, cell.value)
    if kind == "untyped":  # shareplex_json: every value is text, no types in the record
        return untyped_matches(expected, cell.value)
    return same_json_type(expected, cell.value) and expected == cell.value


def untyped_matches(expected, text):
    if not isinstance(text, str):
        return False
    if isinstance(expected, bool):
        return text == ("true" if expected else "false")
    if isinstance(expected, int):
        return re.fullmatch(r"-?\d+", text) is not None and int(text) == expected
    if isinstance(expected, float):
        try:
            number = float(text)
        except ValueError:
            return False
        # A REAL's text is the shortest one that reads back to the float (`0.1`), JdbcJsonDump
        # prints the float widened to double (0.10000000149011612).
        return floats_equal(number, expected) or floats_equal(widen_float32(number), expected)
    if text == expected:
        return True
    if EXPECTED_TIMESTAMP.match(expected):
        try:
            return timestamp_from_text(text).value == expected
        except ValueError:
            return False
    if re.fullmatch(r"(?:[0-9a-f]{2})*", expected):
        try:
            return b64decode_strict(text).hex() == expected
        except (binascii.Error, ValueError):
            return False
    return False


def untyped_key_value(text, expected_kind):
    """A shareplex_json text in the key's canonical form, guided by the expected column's kind."""
    if text is None:
        return None
    try:
        if expected_kind == "int" and re.fullmatch(r"-?\d+", text):
            return int(text)
        if expected_kind == "float":
            return float(text)
        if expected_kind == "bool":
            return {"true": True, "false": False}.get(text, text)
        if expected_kind == "timestamp":
            return timestamp_from_text(text).value
        if expected_kind == "binary":
            return b64decode_strict(text).hex()
    except (ValueError, binascii.Error):
        return text
    return text


def json_kind(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if EXPECTED_TIMESTAMP.match(value):
        return "timestamp"
    return "str"
