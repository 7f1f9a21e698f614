package dev.tracegrad.processor.testing;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Loads the classes of an in-memory compile-testing compilation (the user's classes and the
 * generated ones), delegating everything else to the test's own loader. Shared by the emit,
 * end-to-end, hostile and fuzz suites.
 */
public final class CompilationClassLoader extends ClassLoader {
  private final Map<String, byte[]> classes = new HashMap<>();

  /** A failed compilation has no class files (compile-testing refuses to list them): loads none. */
  public CompilationClassLoader(Compilation c, ClassLoader parent) {
    super(parent);
    if (c.status() != Compilation.Status.SUCCESS) {
      return;
    }
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS) {
        classes.put(binaryName(f), bytes(f));
      }
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classes.get(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  /** The binary name of an in-memory class file, from its path under CLASS_OUTPUT. */
  public static String binaryName(JavaFileObject classFile) {
    String path = classFile.toUri().getPath();
    int at = path.indexOf("CLASS_OUTPUT/");
    return path.substring(at + "CLASS_OUTPUT/".length(), path.length() - ".class".length())
        .replace('/', '.');
  }

  /** The whole content of an in-memory file. */
  public static byte[] bytes(JavaFileObject f) {
    try (InputStream in = f.openInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
