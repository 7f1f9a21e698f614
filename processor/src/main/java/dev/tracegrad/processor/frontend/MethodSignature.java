package dev.tracegrad.processor.frontend;

import dev.tracegrad.processor.ir.Parameter;
import java.util.List;
import java.util.Set;

/**
 * What the front end reads from a method's declaration, before looking at its body: where it
 * lives, what to generate, its parameters and the wrt selection. Produced by {@link
 * SignatureReader}, even when some of it is in error, so the body can still be checked.
 *
 * @param packageName the enclosing class's package ("" for the unnamed package)
 * @param sourceName {@code "Outer.Inner#method"}
 * @param generatedName the generated class's simple name (null if the chosen name is invalid)
 * @param params the parameters whose type is valid, in declaration order
 * @param wrt indices into {@code params}, in gradient order
 * @param badParams names of parameters with an invalid type: their uses are silently skipped,
 *     the declaration error having been reported already
 * @param returnsDouble whether the declared return type is {@code double}; when not, the kind of
 *     the returned expression is not checked again
 */
record MethodSignature(
    String packageName,
    String sourceName,
    String generatedName,
    List<Parameter> params,
    List<Integer> wrt,
    Set<String> badParams,
    boolean returnsDouble) {

  MethodSignature {
    params = List.copyOf(params);
    wrt = List.copyOf(wrt);
    badParams = Set.copyOf(badParams);
  }

  /** The names of the wrt parameters. */
  Set<String> wrtNames() {
    return Set.copyOf(wrt.stream().map(i -> params.get(i).name()).toList());
  }
}
