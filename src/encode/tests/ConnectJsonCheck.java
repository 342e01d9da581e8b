// The independent reader of debezium_json messages: Kafka Connect's own JsonConverter
// (schemas.enable=true), as a Debezium consumer's Connect worker would read them. Reads one message
// per line from the file named by the first argument and prints one JSON line per message:
//   {"schema": <the Connect schema: type, optional, name, version, doc, parameters, default, fields
//               or items>,
//    "value": <the Connect value, logical types decoded: Decimal and VariableScaleDecimal as
//              BigDecimal.toPlainString(), io.debezium.time.* as ISO text, bytes as hex, FLOAT32
//              and FLOAT64 as Float/Double.toString()>,
//    "roundtrip": <the bytes JsonConverter.fromConnectData writes for that schema and value>}
// or {"error": "..."} when JsonConverter rejects the message.
// Run: java -cp "$HOME/.cache/db2kafka/kafka-3.9.1/tools/*" ConnectJsonCheck.java <file>
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

public class ConnectJsonCheck {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter NANOS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS");

  public static void main(String[] args) throws Exception {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "true"), false);
    ObjectMapper mapper = new ObjectMapper();
    List<String> lines = Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      ObjectNode result = NODES.objectNode();
      try {
        SchemaAndValue data =
            converter.toConnectData("topic", line.getBytes(StandardCharsets.UTF_8));
        result.set("schema", describeSchema(data.schema()));
        result.set("value", describeValue(data.schema(), data.value()));
        byte[] again = converter.fromConnectData("topic", data.schema(), data.value());
        result.put("roundtrip", new String(again, StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        result.put("error", e.toString());
      }
      out.append(mapper.writeValueAsString(result)).append('\n');
    }
    System.out.write(out.toString().getBytes(StandardCharsets.UTF_8));
    System.out.flush();
  }

  static JsonNode describeSchema(Schema schema) {
    ObjectNode node = NODES.objectNode();
    node.put("type", schema.type().getName());
    node.put("optional", schema.isOptional());
    if (schema.name() != null) node.put("name", schema.name());
    if (schema.version() != null) node.put("version", schema.version());
    if (schema.doc() != null) node.put("doc", schema.doc());
    if (schema.parameters() != null) {
      ObjectNode parameters = node.putObject("parameters");
      schema.parameters().forEach(parameters::put);
    }
    if (schema.defaultValue() != null) node.put("default", schema.defaultValue().toString());
    switch (schema.type()) {
      case STRUCT:
        ArrayNode fields = node.putArray("fields");
        for (Field field : schema.fields()) {
          ObjectNode entry = fields.addObject();
          entry.put("name", field.name());
          entry.set("schema", describeSchema(field.schema()));
        }
        break;
      case ARRAY:
        node.set("items", describeSchema(schema.valueSchema()));
        break;
      default:
        break;
    }
    return node;
  }

  static JsonNode describeValue(Schema schema, Object value) {
    if (value == null) return NODES.nullNode();
    String name = schema.name() == null ? "" : schema.name();
    switch (name) {
      case "org.apache.kafka.connect.data.Decimal":
        return NODES.textNode(((BigDecimal) value).toPlainString());
      case "io.debezium.data.VariableScaleDecimal": {
        Struct struct = (Struct) value;
        BigDecimal decimal =
            new BigDecimal(new BigInteger(struct.getBytes("value")), struct.getInt32("scale"));
        return NODES.textNode(decimal.toPlainString());
      }
      case "io.debezium.time.Date":
        return NODES.textNode(LocalDate.ofEpochDay((Integer) value).toString());
      case "io.debezium.time.Time":
        return NODES.textNode(LocalTime.ofNanoOfDay((Integer) value * 1_000_000L).format(TIME));
      case "io.debezium.time.Timestamp":
        return NODES.textNode(
            LocalDateTime.ofInstant(Instant.ofEpochMilli((Long) value), ZoneOffset.UTC)
                .format(MILLIS));
      case "io.debezium.time.MicroTimestamp":
        return NODES.textNode(
            LocalDateTime.ofInstant(Instant.EPOCH.plus((Long) value, ChronoUnit.MICROS),
                    ZoneOffset.UTC)
                .format(MICROS));
      case "io.debezium.time.NanoTimestamp":
        return NODES.textNode(
            LocalDateTime.ofInstant(Instant.EPOCH.plus((Long) value, ChronoUnit.NANOS),
                    ZoneOffset.UTC)
                .format(NANOS));
      default:
        break;
    }
    switch (schema.type()) {
      case INT8:
      case INT16:
      case INT32:
      case INT64:
        return NODES.numberNode(((Number) value).longValue());
      case FLOAT32:
      case FLOAT64:
        return NODES.textNode(value.toString());
      case BOOLEAN:
        return NODES.booleanNode((Boolean) value);
      case STRING:
        return NODES.textNode((String) value);
      case BYTES: {
        StringBuilder hex = new StringBuilder();
        for (byte b : (byte[]) value) hex.append(String.format("%02x", b));
        return NODES.textNode(hex.toString());
      }
      case ARRAY: {
        ArrayNode items = NODES.arrayNode();
        for (Object item : (List<?>) value) items.add(describeValue(schema.valueSchema(), item));
        return items;
      }
      case STRUCT: {
        ObjectNode fields = NODES.objectNode();
        Struct struct = (Struct) value;
        for (Field field : schema.fields()) {
          fields.set(field.name(), describeValue(field.schema(), struct.get(field)));
        }
        return fields;
      }
      default:
        return NODES.textNode(value.toString());
    }
  }
}
