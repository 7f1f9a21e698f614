package dev.tracegrad.processor.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The {@code .java} text files of a test-resource folder (fuzz regressions and open reproducers). */
final class Resources {
  private Resources() {}

  /** The files, sorted by name; the folder must exist (an empty one is the caller's concern). */
  static List<Path> files(String folder) {
    URL url = Resources.class.getClassLoader().getResource(folder);
    if (url == null) {
      throw new AssertionError("no folder " + folder + " on the test class path");
    }
    try (Stream<Path> listing = Files.list(Path.of(url.toURI()))) {
      return listing.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  static List<String> texts(String folder) {
    List<String> out = new ArrayList<>();
    for (Path p : files(folder)) {
      try {
        out.add(Files.readString(p));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }
}
