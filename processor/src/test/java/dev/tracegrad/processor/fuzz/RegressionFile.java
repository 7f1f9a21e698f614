package dev.tracegrad.processor.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A shrunk failing program as a self-contained text file: the Java source of a one-method class,
 * preceded by comment lines that say how to run it (class and method, dimension values, wrt and
 * every parameter's input, and {@code points=} the input points checked when there are more than
 * point 0). {@link #parse} reads back exactly what {@link #format} writes; the
 * expressions themselves are not parsed, only compiled, so the method is rebuilt with a
 * placeholder body that nothing but the checker's bookkeeping reads.
 */
final class RegressionFile {
  private static final String CLASS = "// fuzz-class ";
  private static final String METHOD = "// fuzz-method ";
  private static final String PARAM = "// fuzz-param ";

  /** A parsed file: the class to compile, its source, and the method to check. */
  record Case(String className, String source, FuzzMethod method) {}

  private RegressionFile() {}

  /** The file for method m as the only method of class {@code className}, note first. */
  static String format(String className, FuzzMethod m, String note) {
    StringBuilder sb = new StringBuilder();
    for (String line : note.split("\n")) {
      sb.append("// ").append(line).append('\n');
    }
    sb.append(CLASS).append(className).append('\n');
    sb.append(METHOD).append(m.name()).append(" dims=").append(join(m.dims()))
        .append(" wrt=").append(m.wrt() == null ? "*" : String.join(",", m.wrt()))
        .append(" name=").append(m.generatedName() == null ? "*" : m.generatedName());
    List<Integer> points = m.checkPoints();
    if (!points.equals(List.of(0))) {
      sb.append(" points=").append(String.join(",", points.stream().map(String::valueOf).toList()));
    }
    sb.append('\n');
    for (Param p : m.params()) {
      sb.append(PARAM).append(p.name()).append(' ');
      if (p.matrix()) {
        sb.append("matrix ").append(p.rows()).append(' ').append(p.cols()).append(' ')
            .append(p.role()).append(' ').append(p.seed());
      } else if (p.role() == Param.Role.INT) {
        sb.append("int ").append((int) p.value());
      } else if (p.role() == Param.Role.INT_ARRAY) {
        sb.append("ints ").append((int) p.value());
      } else if (p.role() == Param.Role.INDEX) {
        sb.append("index ").append(p.rows()).append(' ').append(p.cols()).append(' ').append(p.seed());
      } else {
        sb.append("double ").append(p.value());
      }
      sb.append('\n');
    }
    return sb.append(new FuzzClass(className, List.of(m)).render()).toString();
  }

  /** Reads a file written by {@link #format} (or by hand in the same form). */
  static Case parse(String text) {
    String className = null;
    String name = null;
    int[] dims = null;
    List<String> wrt = null;
    String generatedName = null;
    List<Param> params = new ArrayList<>();
    // The body is not parsed, so the domain of other input points cannot be checked: without a
    // points= field only point 0 (where the file's method was found) is replayed.
    List<Integer> points = List.of(0);
    for (String line : text.split("\n")) {
      if (line.startsWith(CLASS)) {
        className = line.substring(CLASS.length()).trim();
      } else if (line.startsWith(METHOD)) {
        String[] f = line.substring(METHOD.length()).trim().split(" ");
        name = f[0];
        dims = Arrays.stream(value(f[1], "dims").split(",")).mapToInt(Integer::parseInt).toArray();
        String w = value(f[2], "wrt");
        wrt = w.equals("*") ? null : List.of(w.split(","));
        String g = value(f[3], "name");
        generatedName = g.equals("*") ? null : g;
        if (f.length > 4) {
          points = Arrays.stream(value(f[4], "points").split(",")).map(Integer::valueOf).toList();
        }
      } else if (line.startsWith(PARAM)) {
        String[] f = line.substring(PARAM.length()).trim().split(" ");
        params.add(switch (f[1]) {
          case "matrix" -> Param.matrix(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
              Param.Role.valueOf(f[4]), Long.parseLong(f[5]));
          case "int" -> Param.integer(f[0], Integer.parseInt(f[2]));
          case "ints" -> Param.intArray(f[0], Integer.parseInt(f[2]));
          case "index" -> Param.index(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
              Long.parseLong(f[4]));
          default -> Param.scalar(f[0], Double.parseDouble(f[2]));
        });
      }
    }
    if (className == null || name == null) {
      throw new IllegalArgumentException("not a fuzz regression file:\n" + text);
    }
    int start = text.indexOf("package ");
    FuzzMethod m = new FuzzMethod(name, dims, params, List.of(), new Expr.Num(0, false), wrt, generatedName, points);
    return new Case(className, text.substring(start), m);
  }

  private static String value(String field, String key) {
    if (!field.startsWith(key + "=")) {
      throw new IllegalArgumentException("expected " + key + "= in " + field);
    }
    return field.substring(key.length() + 1);
  }

  private static String join(int[] xs) {
    StringBuilder sb = new StringBuilder();
    for (int x : xs) {
      sb.append(sb.length() == 0 ? "" : ",").append(x);
    }
    return sb.toString();
  }
}
