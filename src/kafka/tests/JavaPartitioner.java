// The Java side of the partitioner vectors: reads "<hex UTF-8 key> <partition count>" lines and
// prints "<String.hashCode()> <Math.abs(hashCode % count)>" for each, computed by the JVM.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

public class JavaPartitioner {
  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    String line;
    while ((line = in.readLine()) != null) {
      String[] fields = line.split(" ", -1);
      byte[] bytes = new byte[fields[0].length() / 2];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) Integer.parseInt(fields[0].substring(2 * i, 2 * i + 2), 16);
      }
      String key = new String(bytes, StandardCharsets.UTF_8);
      int partitions = Integer.parseInt(fields[1]);
      int hash = key.hashCode();
      System.out.println(hash + " " + Math.abs(hash % partitions));
    }
  }
}
