package org.gongzhi.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiConsumer;
import org.springframework.core.io.Resource;

/**
 * The simple CSV our data files use (trees, staff, teams): UTF-8, comma-separated, a fixed number of
 * fields, blank lines and lines starting with '#' skipped, fields trimmed. No quoting: names hold no commas.
 */
public final class CsvFiles {
  private CsvFiles() {
  }

  /** Calls {@code row} with each data line's fields and its line number; a wrong field count names the line. */
  public static void read(Resource resource, int fields, BiConsumer<String[], Integer> row) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      int no = 0;
      while ((line = in.readLine()) != null) {
        no++;
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] f = Arrays.stream(line.split(",", -1)).map(String::strip).toArray(String[]::new);
        if (f.length != fields) {
          throw new IllegalArgumentException(resource + " line " + no + ": expected " + fields + " fields, found " + f.length);
        }
        row.accept(f, no);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
