package dev.tracegrad.processor.emit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Emit stage: the local names of one generated method. Every name of the loop program (the user's
 * parameters, outputs, buffers and scalars) is taken from the start, so generated locals step
 * aside for them: a parameter may be called {@code i}, {@code n} or {@code value}.
 *
 * <p>Two kinds of generated names: {@link #unique} names are declared once per method;
 * {@link #loopLocal} names (loop indices, row offsets, accumulators) are allocated once per
 * method and then redeclared in each loop that needs them, which Java allows because sibling
 * loop bodies are separate scopes.
 */
final class Scope {
  private final Set<String> taken = new HashSet<>();
  private final Map<String, String> loopLocals = new HashMap<>();

  Scope(Iterable<String> reserved) {
    for (String s : reserved) {
      taken.add(s);
    }
  }

  /** A fresh name for a method-level local: the hint, with "_" appended until it is free. */
  String unique(String hint) {
    String name = hint;
    while (taken.contains(name) || SourceVersion.isKeyword(name)) {
      name = name + "_";
    }
    taken.add(name);
    return name;
  }

  /** The method's name for a loop-body local with this hint, allocated on first use. */
  String loopLocal(String hint) {
    return loopLocals.computeIfAbsent(hint, this::unique);
  }
}
