package dev.tracegrad.processor.frontend;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Finds javac's Tree API behind the processing environment the processor was given (front end).
 * Build tools may hand processors a wrapper around javac's own environment (Gradle's incremental
 * processing wraps it in a class with a {@code delegate} field, IDEs in a {@link Proxy}), and
 * {@link Trees#instance} accepts only javac's own. As Trees-based processors do, this looks
 * through the wrapper reflectively: every instance field (of the class and its superclasses,
 * and of a proxy's invocation handler) whose value is a {@link ProcessingEnvironment} is tried,
 * recursively. Only the Tree API comes from the unwrapped environment; the processor keeps using
 * the wrapper for everything else (the build tool watches its Filer).
 */
public final class JavacEnvironment {
  /** Wrappers inside wrappers deeper than this are not looked into. */
  private static final int MAX_DEPTH = 8;

  private JavacEnvironment() {}

  /** javac's Tree API for this environment or the javac environment it wraps; empty if none. */
  public static Optional<Trees> trees(ProcessingEnvironment env) {
    return Optional.ofNullable(find(env, 0, Collections.newSetFromMap(new IdentityHashMap<>())));
  }

  private static Trees find(Object candidate, int depth, Set<Object> seen) {
    if (candidate == null || depth > MAX_DEPTH || !seen.add(candidate)) {
      return null;
    }
    if (candidate instanceof ProcessingEnvironment env) {
      try {
        return Trees.instance(env);
      } catch (IllegalArgumentException notJavac) {
        // look inside
      }
    }
    if (Proxy.isProxyClass(candidate.getClass())) {
      Trees t = find(Proxy.getInvocationHandler(candidate), depth + 1, seen);
      if (t != null) {
        return t;
      }
    }
    for (Class<?> c = candidate.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
          continue;
        }
        Object value = read(f, candidate);
        if (value instanceof ProcessingEnvironment) {
          Trees t = find(value, depth + 1, seen);
          if (t != null) {
            return t;
          }
        }
      }
    }
    return null;
  }

  /** The field's value, or null when the module system or a security manager forbids reading it. */
  private static Object read(Field f, Object owner) {
    try {
      f.setAccessible(true);
      return f.get(owner);
    } catch (RuntimeException | IllegalAccessException forbidden) {
      return null;
    }
  }
}
