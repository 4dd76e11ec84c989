package jp.jukihub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a plan of the access history's statement reads, from EXPLAIN's text: every scan node by kind
 * and index (the monthly partitions' names folded into one), and the plan condensed for printing,
 * each run of like scans over partitions shown once with its count and rows.
 */
record PlanIndexUse(
    List<String> condensed, Map<String, Integer> scans, List<String> elsewhere, int branches) {
  private static final Pattern SCAN =
      Pattern.compile(
          "->\\s+((?:Parallel )?Seq Scan|Index Scan(?: Backward)?|Index Only Scan(?: Backward)?"
              + "|Bitmap Index Scan|Bitmap Heap Scan)(?: using (\\S+))? on (\\S+)");
  private static final Pattern PARTITION = Pattern.compile("record_y\\d{4}m\\d{2}");
  private static final Pattern ALIAS = Pattern.compile("\\brecord_\\d+\\b");
  private static final Pattern FIGURES = Pattern.compile("\\s*\\((cost|actual)[^)]*\\)");
  private static final Pattern ROWS = Pattern.compile("actual time=\\S+ rows=(\\d+) loops=(\\d+)");

  static PlanIndexUse of(List<String> plan, int branches) {
    Map<String, Integer> scans = new TreeMap<>();
    List<String> elsewhere = new ArrayList<>();
    List<String> condensed = new ArrayList<>();
    Group group = null;
    for (String line : plan) {
      int indent = indent(line);
      Matcher scan = SCAN.matcher(line);
      if (scan.find()) {
        String index = scan.group(2) == null ? "" : " using " + fold(scan.group(2));
        scans.merge(scan.group(1) + index, 1, Integer::sum);
        Matcher rows = ROWS.matcher(line);
        // A scan that found nothing (the empty month the writer makes ahead) costs nothing
        // however it is read, and says nothing of the index use.
        boolean empty = rows.find() && rows.group(1).equals("0");
        if (!bySubject(scan.group(1) + index) && !empty) {
          elsewhere.add(scan.group(1) + index.replace("record_yYYYYmMM", scan.group(3)));
        }
      }
      if (group != null && indent > group.indent) {
        continue; // a detail or child of a partition's scan: summed up in the group
      }
      boolean partitionScan = line.contains("->") && PARTITION.matcher(line).find();
      String node = fold(FIGURES.matcher(line).replaceAll(""));
      if (partitionScan && group != null && group.indent == indent && group.node.equals(node)) {
        group.add(line);
        continue;
      }
      if (group != null) {
        condensed.add(group.describe());
        group = null;
      }
      if (partitionScan) {
        group = new Group(indent, node);
        group.add(line);
      } else {
        condensed.add(line);
      }
    }
    if (group != null) {
      condensed.add(group.describe());
    }
    return new PlanIndexUse(condensed, scans, elsewhere, branches);
  }

  /** No sequential scan, and every index scanned is the trail's subject index. */
  boolean subjectIndexOnly() {
    return !scans.isEmpty() && elsewhere.isEmpty();
  }

  private static boolean bySubject(String scan) {
    return scan.startsWith("Bitmap Heap Scan") || scan.contains("subject");
  }

  String describe() {
    StringBuilder text = new StringBuilder();
    scans.forEach((scan, count) -> text.append(String.format("%d × %s; ", count, scan)));
    return text
        + (subjectIndexOnly()
            ? "every branch ("
                + branches
                + " subjects) read on the subject index wherever it found records"
            : "NOT every partition read on the subject index: " + elsewhere);
  }

  private static String fold(String text) {
    return ALIAS
        .matcher(PARTITION.matcher(text).replaceAll("record_yYYYYmMM"))
        .replaceAll("record_N");
  }

  private static int indent(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** Like scans over consecutive partitions, printed as one line. */
  private static final class Group {
    final int indent;
    final String node;
    int partitions;
    long rows;
    int neverExecuted;

    Group(int indent, String node) {
      this.indent = indent;
      this.node = node;
    }

    void add(String line) {
      partitions++;
      Matcher figures = ROWS.matcher(line);
      if (figures.find()) {
        rows += Long.parseLong(figures.group(1)) * Long.parseLong(figures.group(2));
      } else if (line.contains("never executed")) {
        neverExecuted++;
      }
    }

    String describe() {
      return String.format(
          "%s  [× %d partitions: %,d rows read in all, %d never executed]",
          node, partitions, rows, neverExecuted);
    }
  }
}
