package dev.swim.bench.charts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One result file of docs/results: JSON Lines, one object per run or measured row, each naming the
 * {@code command}, {@code commit} and {@code date} that produced it. Blank lines are skipped; a
 * file without rows, a line that is not an object or a row without its provenance is an error
 * naming the file and line.
 */
final class ResultFile {
  /** The fields every row must carry. */
  static final List<String> PROVENANCE = List.of("command", "commit", "date");

  private final String name;
  private final List<Row> rows;

  private ResultFile(String name, List<Row> rows) {
    this.name = name;
    this.rows = List.copyOf(rows);
  }

  /** One row: its fields, and where it came from for error messages. */
  record Row(String file, int line, Map<String, Object> fields) {

    /** Whether the field is present and not null. */
    boolean has(String key) {
      return fields.get(key) != null;
    }

    /** A numeric field. */
    double number(String key) {
      Object v = fields.get(key);
      if (v instanceof Double d) {
        return d;
      }
      throw missing(key, "a number");
    }

    /** A string field. */
    String string(String key) {
      Object v = fields.get(key);
      if (v instanceof String s) {
        return s;
      }
      throw missing(key, "a string");
    }

    /** An array of numbers. */
    double[] numbers(String key) {
      Object v = fields.get(key);
      if (!(v instanceof List<?> l)) {
        throw missing(key, "an array of numbers");
      }
      double[] out = new double[l.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(l.get(i) instanceof Double d)) {
          throw missing(key + "[" + i + "]", "a number");
        }
        out[i] = d;
      }
      return out;
    }

    /** A field that is an object. */
    Map<?, ?> object(String key) {
      Object v = fields.get(key);
      if (v instanceof Map<?, ?> m) {
        return m;
      }
      throw missing(key, "an object");
    }

    IllegalArgumentException missing(String key, String what) {
      return new IllegalArgumentException(
          file + " line " + line + ": field " + key + " must be " + what);
    }
  }

  /** Reads {@code file}. */
  static ResultFile read(Path file) throws IOException {
    String name = file.getFileName().toString();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty()) {
        continue;
      }
      Object v;
      try {
        v = JsonReader.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
      if (!(v instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException(name + " line " + (i + 1) + ": not a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) m;
      Row row = new Row(name, i + 1, fields);
      for (String p : PROVENANCE) {
        row.string(p);
      }
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(name + ": no rows (a result file needs at least one)");
    }
    return new ResultFile(name, rows);
  }

  String name() {
    return name;
  }

  List<Row> rows() {
    return rows;
  }
}
