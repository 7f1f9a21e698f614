package dev.tracegrad.processor.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.DifferentiableProcessor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.lang.reflect.Modifier;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
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
 * {@code java.util} type, which it would shadow or be confused with (a public one, for the runtime).
 */
class ClassNamesTest {

  /**
   * The simple names of the classes where {@code anchor} was loaded from, a directory (a
   * module's {@code target/classes} under {@code mvn test}) or a jar (under {@code mvn verify},
   * where the reactor hands over the packaged module), each with the binary names that have it.
   * Only public types count where {@code publicOnly}: a private nested class is no one's
   * concern but its own class's.
   */
  private static Map<String, List<String>> simpleNames(Class<?> anchor, boolean publicOnly)
      throws IOException, URISyntaxException {
    Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    Map<String, List<String>> names = new TreeMap<>();
    if (Files.isDirectory(location)) {
      collect(location, names, publicOnly);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(location)) {
        collect(jar.getPath("/"), names, publicOnly);
      }
    }
    assertTrue(names.containsKey(anchor.getSimpleName()), "found no classes at " + location);
    return names;
  }

  private static void collect(Path root, Map<String, List<String>> names, boolean publicOnly)
      throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
        String binary = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".")
            .replaceAll("\\.class$", "");
        String simple = binary.substring(Math.max(binary.lastIndexOf('.'), binary.lastIndexOf('$')) + 1);
        if (!simple.isEmpty() && !Character.isDigit(simple.charAt(0)) && !simple.equals("package-info")
            && !binary.startsWith("META-INF") && (!publicOnly || isPublic(binary))) {
          names.computeIfAbsent(simple, k -> new ArrayList<>()).add(binary);
        }
      });
    }
  }

  private static boolean isPublic(String binary) {
    try {
      return Modifier.isPublic(Class.forName(binary, false, ClassNamesTest.class.getClassLoader()).getModifiers());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void noTwoProcessorClassesShareASimpleName() throws Exception {
    Map<String, List<String>> shared = new TreeMap<>();
    simpleNames(DifferentiableProcessor.class, false).forEach((name, classes) -> {
      if (classes.size() > 1) {
        shared.put(name, classes);
      }
    });
    assertEquals(Map.of(), shared);
  }

  @Test
  void noProcessorClassTakesTheNameOfARuntimeOrJdkType() throws Exception {
    TreeSet<String> runtime = new TreeSet<>(simpleNames(Matrix.class, true).keySet());
    TreeSet<String> clashes = new TreeSet<>();
    for (String name : simpleNames(DifferentiableProcessor.class, false).keySet()) {
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
