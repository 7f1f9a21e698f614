package dev.tracegrad.processor.frontend;

import dev.tracegrad.processor.ir.DeclaredParameter;
import dev.tracegrad.processor.ir.JavaCode;
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
 * @param params the Matrix and double parameters, in declaration order
 * @param wrt indices into {@code params}, in gradient order
 * @param badParams names of parameters whose uses are silently skipped, an error about them
 *     having been reported already
 * @param returnsDouble whether the declared return type is {@code double}; when not, the kind of
 *     the returned expression is not checked again
 * @param declared every parameter with its declared type, in order
 */
record MethodSignature(
    String packageName,
    String sourceName,
    String generatedName,
    List<Parameter> params,
    List<Integer> wrt,
    Set<String> badParams,
    boolean returnsDouble,
    List<Declared> declared) {

  /** A parameter as declared: its name and type. */
  record Declared(String name, JavaCode type) {}

  MethodSignature {
    declared = List.copyOf(declared);
    params = List.copyOf(params);
    wrt = List.copyOf(wrt);
    badParams = Set.copyOf(badParams);
  }

  /** The declared parameters, as the generated methods take them. */
  List<DeclaredParameter> declaredParameters() {
    return declared.stream().map(d -> new DeclaredParameter(d.name(), d.type(),
        d.type().toString().equals(SignatureReader.MATRIX))).toList();
  }

  /** The names of the wrt parameters. */
  Set<String> wrtNames() {
    return Set.copyOf(wrt.stream().map(i -> params.get(i).name()).toList());
  }
}
