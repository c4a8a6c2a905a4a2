package dev.tproxy.tasks;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns, for terminal and build logs. */
public final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  public Table(String... header) {
    this.columns = header.length;
    rows.add(header);
  }

  public Table row(String... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
    }
    rows.add(cells);
    return this;
  }

  public List<String> lines() {
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        sb.append(i == columns - 1 ? r[i] : pad(r[i], width[i] + 2));
      }
      out.add(sb.toString().stripTrailing());
    }
    return out;
  }

  public void print(Reporter reporter) {
    lines().forEach(reporter::info);
  }

  private static String pad(String s, int n) {
    return s + " ".repeat(n - s.length());
  }
}
