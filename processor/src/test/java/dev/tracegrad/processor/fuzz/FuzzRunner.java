package dev.tracegrad.processor.fuzz;

import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates, compiles and checks a range of seeds, and shrinks whatever fails. Program {@code s}
 * depends on its seed alone, so any failure is reproduced by running that one seed; several
 * programs share a javac run, and a failing run is retried class by class and method by method to
 * find the culprit.
 */
final class FuzzRunner {
  /** Programs per javac run. */
  static final int BATCH = 8;
  /** Tries the shrinker may spend on one failure (each is a javac run); -Dfuzz.shrink=N changes it. */
  static final int SHRINK_BUDGET = Integer.getInteger("fuzz.shrink", 400);

  /** A failing method, as generated and as shrunk, with the regression file text. */
  record Failure(long seed, FuzzMethod original, Verdict verdict, FuzzMethod shrunk, String regression) {}

  /** Patterns of failures already reported under fuzz/open/: counted, not shrunk again. */
  private final List<Pattern> known;
  private final Consumer<Failure> onFailure;
  final Checker.Margins margins = new Checker.Margins();
  int programs;
  int methods;
  int gradients;
  /** Input points the compiled methods were checked at (up to {@link FuzzMethod#POINTS} each). */
  int inputPoints;
  /** Methods with ill-conditioned parameters, and methods with 50 or more parameters. */
  int illMethods;
  int bigMethods;
  int unreliable;
  int rejectedDraws;
  final List<Failure> failures = new ArrayList<>();
  final List<String> unreliableNotes = new ArrayList<>();
  final List<String> knownNotes = new ArrayList<>();

  /**
   * @param known patterns of failures already reported (see {@link #knownOpenBugs})
   * @param onFailure told of each new failure as soon as it is shrunk
   */
  FuzzRunner(List<Pattern> known, Consumer<Failure> onFailure) {
    this.known = List.copyOf(known);
    this.onFailure = onFailure;
  }

  /** The {@code // fuzz-known} patterns of the open reproducers' files. */
  static List<Pattern> knownOpenBugs(List<String> openFiles) {
    List<Pattern> out = new ArrayList<>();
    for (String text : openFiles) {
      for (String line : text.split("\n")) {
        if (line.startsWith("// fuzz-known ")) {
          out.add(Pattern.compile(line.substring("// fuzz-known ".length()).trim()));
        }
      }
    }
    return out;
  }

  static String className(long seed) {
    return "Fuzz" + (seed < 0 ? "m" + -seed : Long.toString(seed));
  }

  static FuzzClass program(long seed) {
    return new ProgramGenerator(seed).generateClass(className(seed));
  }

  /** Runs seeds firstSeed, firstSeed + 1, …; calls {@code progress} after every batch. */
  void run(long firstSeed, int count, Runnable progress) {
    for (long s = firstSeed; s < firstSeed + count; s += BATCH) {
      if (s > firstSeed) {
        progress.run();
      }
      List<FuzzClass> batch = new ArrayList<>();
      List<Long> seeds = new ArrayList<>();
      for (long t = s; t < Math.min(s + BATCH, firstSeed + count); t++) {
        ProgramGenerator g = new ProgramGenerator(t);
        batch.add(g.generateClass(className(t)));
        rejectedDraws += g.rejected;
        seeds.add(t);
      }
      FuzzCompiler.Result together = FuzzCompiler.compile(batch);
      if (together.ok() && (s - firstSeed) % (8 * BATCH) == 0) {
        checkDeterminism(seeds.get(0), batch, together);
      }
      for (int i = 0; i < batch.size(); i++) {
        FuzzClass c = batch.get(i);
        FuzzCompiler.Result compiled = together.ok() ? together : FuzzCompiler.compile(List.of(c));
        programs++;
        methods += c.methods().size();
        if (compiled.ok()) {
          for (FuzzMethod m : c.methods()) {
            margins.current = "seed " + seeds.get(i) + " " + m.name();
            inputPoints += m.checkPoints().size();
            illMethods += m.params().stream().anyMatch(p -> p.matrix() && p.role().ill()) ? 1 : 0;
            bigMethods += m.params().size() >= 50 ? 1 : 0;
            record(seeds.get(i), m, Checker.check(compiled, c.className(), m, margins));
          }
          continue;
        }
        // Blame the methods that fail on their own; if none does, the class as a whole.
        List<Verdict> alone = c.methods().stream().map(FuzzRunner::checkAlone).toList();
        if (alone.stream().anyMatch(Verdict::failure)) {
          for (int k = 0; k < alone.size(); k++) {
            record(seeds.get(i), c.methods().get(k), alone.get(k));
          }
        } else {
          Verdict v = new Verdict(Verdict.Kind.COMPILE, "only when its methods are compiled together: "
              + compiled.problems());
          Failure f = new Failure(seeds.get(i), c.methods().get(0), v, null,
              "// Found by the differential fuzzer, seed " + seeds.get(i) + ": " + v + "\n" + c.render());
          failures.add(f);
          onFailure.accept(f);
        }
      }
    }
  }

  /**
   * API.md: the same source always generates the same file, byte for byte. Compiling the batch
   * again in reverse order also checks that one class's output does not depend on which classes
   * were processed before it.
   */
  private void checkDeterminism(long seed, List<FuzzClass> batch, FuzzCompiler.Result first) {
    List<FuzzClass> reversed = new ArrayList<>(batch);
    Collections.reverse(reversed);
    FuzzCompiler.Result again = FuzzCompiler.compile(reversed);
    String difference = again.ok() ? firstDifference(first.generatedSources(), again.generatedSources())
        : "compiling the same classes in reverse order failed: " + again.problems();
    if (difference != null) {
      Verdict v = new Verdict(Verdict.Kind.CONTRACT,
          "the generated sources differ between two compilations of the same classes: " + difference);
      Failure f = new Failure(seed, batch.get(0).methods().get(0), v, null,
          "// Found by the differential fuzzer, the batch from seed " + seed + ": " + v);
      failures.add(f);
      onFailure.accept(f);
    }
  }

  /** Null if both maps hold the same files with the same text, else the first difference. */
  static String firstDifference(Map<String, String> a, Map<String, String> b) {
    if (!a.keySet().equals(b.keySet())) {
      return "files " + a.keySet() + " vs " + b.keySet();
    }
    for (Map.Entry<String, String> e : a.entrySet()) {
      String[] x = e.getValue().split("\n", -1);
      String[] y = b.get(e.getKey()).split("\n", -1);
      for (int i = 0; i < Math.max(x.length, y.length); i++) {
        String l1 = i < x.length ? x[i] : "<end>";
        String l2 = i < y.length ? y[i] : "<end>";
        if (!l1.equals(l2)) {
          return e.getKey() + " line " + (i + 1) + ": \"" + l1.strip() + "\" vs \"" + l2.strip() + "\"";
        }
      }
    }
    return null;
  }

  private void record(long seed, FuzzMethod m, Verdict v) {
    if (v.kind() == Verdict.Kind.PASS) {
      gradients += m.wrtNames().size();
    } else if (v.kind() == Verdict.Kind.UNRELIABLE) {
      unreliable++;
      unreliableNotes.add("seed " + seed + " " + m.name() + ": " + v.detail());
    } else if (known.stream().anyMatch(p -> p.matcher(v.detail()).find())) {
      knownNotes.add("seed " + seed + " " + m.name() + ": " + v);
    } else {
      // Said at once: shrinking may take minutes, and a long run may be stopped meanwhile.
      System.out.println("fuzz: seed " + seed + " " + m.name() + ": " + v + " (shrinking)");
      FuzzMethod shrunk = new Shrinker(c -> sameFailure(v, checkAlone(c)), SHRINK_BUDGET).shrink(m);
      Verdict after = checkAlone(shrunk);
      String note = "Found by the differential fuzzer, seed " + seed + ", method " + m.name()
          + ", shrunk.\nExpected: " + expectation(v.kind()) + "\nActual: " + after;
      Failure f = new Failure(seed, m, v, shrunk,
          RegressionFile.format("Repro" + className(seed).substring(4) + m.name(), shrunk, note));
      failures.add(f);
      onFailure.accept(f);
    }
  }

  /**
   * Whether {@code now} is the failure {@code before} was: the same kind, and for compile errors
   * the same diagnostic keys, so that shrinking does not drift to a different problem.
   */
  static boolean sameFailure(Verdict before, Verdict now) {
    if (before.kind() != now.kind()) {
      return false;
    }
    return before.kind() != Verdict.Kind.COMPILE || diagnosticKeys(before).equals(diagnosticKeys(now));
  }

  private static Set<String> diagnosticKeys(Verdict v) {
    Set<String> keys = new TreeSet<>();
    Matcher m = Pattern.compile("\\[(\\w+)\\]|(ERROR|WARNING) [^:]*:\\d+: (\\w+)|threw: (\\S+)")
        .matcher(v.detail());
    while (m.find()) {
      keys.add(m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : m.group(4));
    }
    return keys;
  }

  /** Compiles and checks a method as the only one of its class. */
  static Verdict checkAlone(FuzzMethod m) {
    String name = "Alone";
    FuzzCompiler.Result r = FuzzCompiler.compile(List.of(new FuzzClass(name, List.of(m))));
    return r.ok() ? Checker.check(r, name, m) : new Verdict(Verdict.Kind.COMPILE, r.problems());
  }

  /** Compiles and checks a regression file. */
  static Verdict replay(String text) {
    RegressionFile.Case c = RegressionFile.parse(text);
    FuzzCompiler.Result r = FuzzCompiler.compileSources(List.of(
        JavaFileObjects.forSourceString(FuzzClass.PACKAGE + "." + c.className(), c.source())));
    return r.ok() ? Checker.check(r, c.className(), c.method()) : new Verdict(Verdict.Kind.COMPILE, r.problems());
  }

  private static String expectation(Verdict.Kind kind) {
    return switch (kind) {
      case COMPILE -> "compiles without errors or warnings";
      case CRASH -> "the generated class runs at these inputs";
      case CONTRACT -> "the generated class has the members API.md names";
      case VALUE -> "value() equals the annotated method";
      case GRADIENT -> "every gradient equals finite differences of the annotated method";
      case BUFFER -> "the buffer overload equals the allocating one, arguments stay as they were, "
          + "and a used instance computes what a fresh one does";
      default -> kind.toString();
    };
  }

  String summary(long firstSeed, int count) {
    return String.format("fuzz: seeds %d..%d: %d programs, %d methods (%d ill-conditioned, %d with 50+ parameters), "
            + "%d input points, %d gradients checked, "
            + "%d new failures, %d known open failures, %d unreliable, %d draws rejected by the domain check; %s",
        firstSeed, firstSeed + count - 1, programs, methods, illMethods, bigMethods, inputPoints, gradients,
        failures.size(), knownNotes.size(), unreliable, rejectedDraws, margins);
  }
}
