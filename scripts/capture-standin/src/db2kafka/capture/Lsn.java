package db2kafka.capture;

import java.util.HexFormat;

/**
 * A commit or intent sequence of the stand-in's virtual log: a fixed prefix (the high bytes of
 * the first sequence) and a 64-bit counter in the last 8 bytes, big-endian, so byte order equals
 * numeric order even across the sign bit. 10 or 16 bytes, as the capture schema's width says.
 */
record Lsn(byte[] prefix, long counter) {
  static Lsn of(byte[] bytes) {
    if (bytes.length < 8) throw new IllegalArgumentException("sequence shorter than 8 bytes");
    byte[] prefix = java.util.Arrays.copyOf(bytes, bytes.length - 8);
    long counter = 0;
    for (int i = bytes.length - 8; i < bytes.length; i++) counter = (counter << 8) | (bytes[i] & 0xff);
    return new Lsn(prefix, counter);
  }

  static Lsn parse(String hex, int width) {
    byte[] given = HexFormat.of().parseHex(hex);
    if (given.length > width) throw new IllegalArgumentException("--first-seq longer than " + width + " bytes");
    byte[] bytes = new byte[width];
    System.arraycopy(given, 0, bytes, width - given.length, given.length);
    return of(bytes);
  }

  Lsn next() {
    if (counter == -1L) throw new IllegalStateException("sequence counter exhausted");
    return new Lsn(prefix, counter + 1);
  }

  byte[] bytes() {
    byte[] out = java.util.Arrays.copyOf(prefix, prefix.length + 8);
    for (int i = 0; i < 8; i++) out[prefix.length + i] = (byte) (counter >>> (56 - 8 * i));
    return out;
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes());
  }
}
