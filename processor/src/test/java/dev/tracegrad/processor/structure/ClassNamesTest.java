package dev.tracegrad.processor.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.DifferentiableProcessor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Names explain themselves: no two classes of the processor (nested ones included) share a simple
 * name, and none takes the simple name of a runtime class or of a {@code java.lang} or
 * {@code java.util} type, which it would shadow or be confused with.
 */
class ClassNamesTest {

  private static Map<String, List<String>> simpleNames(Class<?> anchor) throws IOException, URISyntaxException {
    Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    Map<String, List<String>> names = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
        String binary = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".")
            .replaceAll("\\.class$", "");
        String simple = binary.substring(Math.max(binary.lastIndexOf('.'), binary.lastIndexOf('$')) + 1);
        if (!simple.isEmpty() && !Character.isDigit(simple.charAt(0)) && !simple.equals("package-info")) {
          names.computeIfAbsent(simple, k -> new ArrayList<>()).add(binary);
        }
      });
    }
    return names;
  }

  @Test
  void noTwoProcessorClassesShareASimpleName() throws Exception {
    Map<String, List<String>> shared = new TreeMap<>();
    simpleNames(DifferentiableProcessor.class).forEach((name, classes) -> {
      if (classes.size() > 1) {
        shared.put(name, classes);
      }
    });
    assertEquals(Map.of(), shared);
  }

  @Test
  void noProcessorClassTakesTheNameOfARuntimeOrJdkType() throws Exception {
    TreeSet<String> runtime = new TreeSet<>(simpleNames(Matrix.class).keySet());
    TreeSet<String> clashes = new TreeSet<>();
    for (String name : simpleNames(DifferentiableProcessor.class).keySet()) {
      if (runtime.contains(name) || exists("java.lang." + name) || exists("java.util." + name)) {
        clashes.add(name);
      }
    }
    assertEquals(new TreeSet<>(), clashes);
  }

  private static boolean exists(String className) {
    try {
      Class.forName(className, false, ClassNamesTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
