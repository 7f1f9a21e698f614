package dev.tracegrad.processor.emit;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import dev.tracegrad.processor.testing.CompilationClassLoader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * A generated class compiled in memory with {@code -Xlint:all -Werror} and loaded from the class
 * files javac produced, with reflective access to its methods.
 */
final class CompiledClass {
  private final Class<?> type;
  private final Object instance;
  final String source;

  private final ClassLoader loader;

  private CompiledClass(Class<?> type, String source, ClassLoader loader) {
    this.type = type;
    this.loader = loader;
    this.source = source;
    try {
      this.instance = type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Compiles the file as the processor writes it ({@link ClassWriter#source}), with any helper
   * sources, and instantiates the generated class.
   */
  static CompiledClass compile(JavaFile file, JavaFileObject... helpers) {
    String source = ClassWriter.source(file);
    String name = file.packageName().isEmpty()
        ? file.typeSpec().name()
        : file.packageName() + "." + file.typeSpec().name();
    List<JavaFileObject> sources = new ArrayList<>();
    sources.add(JavaFileObjects.forSourceString(name, source));
    sources.addAll(List.of(helpers));
    Compilation c = Compiler.javac()
        .withOptions("-Xlint:all", "-Werror", "-proc:none")
        .compile(sources);
    assertThat(c).succeededWithoutWarnings();
    CompilationClassLoader loader = new CompilationClassLoader(c, CompiledClass.class.getClassLoader());
    try {
      return new CompiledClass(loader.loadClass(name), source, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** Another class of the same compilation (a helper source). */
  Class<?> load(String name) {
    try {
      return loader.loadClass(name);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  Class<?> type() {
    return type;
  }

  /** A fresh instance of the same class (with its own scratch buffers). */
  Object newInstance() {
    try {
      return type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  Object instance() {
    return instance;
  }

  /** Calls the public method with this name and arity on the shared instance. */
  Object call(String name, Object... args) {
    return callOn(instance, name, args);
  }

  Object callOn(Object target, String name, Object... args) {
    Method m = method(name, args.length);
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(cause);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  Method method(String name, int arity) {
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == arity) {
        return m;
      }
    }
    throw new AssertionError("no method " + name + "/" + arity + " in\n" + source);
  }

  /** Reads a component of a Result record by accessor name. */
  static Object component(Object result, String name) {
    try {
      return result.getClass().getMethod(name).invoke(result);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
