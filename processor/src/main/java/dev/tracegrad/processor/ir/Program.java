package dev.tracegrad.processor.ir;

import java.util.List;

/**
 * What the front end reads from one {@code @Differentiable} method: where it lives, what to
 * generate, its parameters, the expression DAG of its body and the shape checks its ops imply.
 * Everything after the front end works from this record alone.
 *
 * @param packageName the package of the enclosing class ("" for the unnamed package)
 * @param sourceName where the method is declared, for the generated header: {@code "Losses#twoLayer"}
 * @param generatedName the simple name of the class to generate
 * @param params every parameter, in declaration order
 * @param wrt indices into {@code params} of the parameters to differentiate, in gradient order
 * @param graph the body's DAG; locals and parameters carry their names
 * @param loss the id of the returned scalar
 * @param checks the dimension equalities to check, in program order (some may be implied by
 *     earlier ones; the generator skips those)
 */
public record Program(
    String packageName,
    String sourceName,
    String generatedName,
    List<Parameter> params,
    List<Integer> wrt,
    Graph graph,
    int loss,
    List<ShapeCheck> checks) {

  public Program {
    params = List.copyOf(params);
    wrt = List.copyOf(wrt);
    checks = List.copyOf(checks);
  }

  /** The wrt parameters, in gradient order. */
  public List<Parameter> wrtParams() {
    return wrt.stream().map(params::get).toList();
  }
}
