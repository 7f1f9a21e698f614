package dev.tracegrad.processor.ir;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the front end reads from one {@code @Differentiable} method: where it lives, what to
 * generate, its parameters, the data prologue, the expression DAG of its body and the shape
 * checks its ops imply. Everything after the front end works from this record alone.
 *
 * <p>The graph's leaves ({@code params}) are the {@code Matrix} and {@code double} values the
 * differentiable path reads: the method's parameters of those types, then the data values of the
 * prologue that it reads, each a constant of the derivation. The public methods take the
 * {@code declared} parameters, run the {@code prologue}, and pass the leaves on.
 *
 * @param packageName the package of the enclosing class ("" for the unnamed package)
 * @param sourceName where the method is declared, for the generated header: {@code "Losses#twoLayer"}
 * @param generatedName the simple name of the class to generate
 * @param params the graph's leaves: Matrix and double parameters in declaration order, then
 *     data leaves in the prologue's order
 * @param wrt indices into {@code params} of the parameters to differentiate, in gradient order
 * @param graph the body's DAG; locals and parameters carry their names
 * @param loss the id of the returned scalar
 * @param checks the dimension equalities to check, in program order (some may be implied by
 *     earlier ones; the generator skips those)
 * @param declared the annotated method's parameters as declared, in order
 * @param prologue the data declarations the public methods run before the forward pass
 */
public record Program(
    String packageName,
    String sourceName,
    String generatedName,
    List<Parameter> params,
    List<Integer> wrt,
    Graph graph,
    int loss,
    List<ShapeCheck> checks,
    List<DeclaredParameter> declared,
    List<DataStatement> prologue) {

  public Program {
    params = List.copyOf(params);
    wrt = List.copyOf(wrt);
    checks = List.copyOf(checks);
    declared = List.copyOf(declared);
    prologue = List.copyOf(prologue);
  }

  /** A program whose parameters are all Matrix or double and which has no data prologue. */
  public Program(String packageName, String sourceName, String generatedName,
      List<Parameter> params, List<Integer> wrt, Graph graph, int loss, List<ShapeCheck> checks) {
    this(packageName, sourceName, generatedName, params, wrt, graph, loss, checks,
        params.stream().map(DeclaredParameter::of).toList(), List.of());
  }

  /**
   * This program with its body rewritten: the same method, parameters, checks and prologue over
   * another graph (whose leaves are this one's).
   */
  public Program withGraph(Graph newGraph, int newLoss) {
    return new Program(packageName, sourceName, generatedName, params, wrt, newGraph, newLoss,
        checks, declared, prologue);
  }

  /** The wrt parameters, in gradient order. */
  public List<Parameter> wrtParams() {
    return wrt.stream().map(params::get).toList();
  }

  /**
   * The prologue statements that read a wrt parameter (its shape: {@code int n = W.rows()}),
   * directly or through an earlier such statement, in order. The others read data alone, so an
   * objective, which binds the data once, evaluates them once.
   */
  public List<DataStatement> prologueReadingWrt() {
    Set<String> wrtDependent = new HashSet<>();
    wrtParams().forEach(w -> wrtDependent.add(w.name()));
    for (DataStatement s : prologue) {
      if (s.reads(wrtDependent)) {
        wrtDependent.add(s.name());
      }
    }
    return prologue.stream().filter(s -> wrtDependent.contains(s.name())).toList();
  }

  /** The prologue statements that read data alone (not {@link #prologueReadingWrt}), in order. */
  public List<DataStatement> prologueOnData() {
    List<DataStatement> readingWrt = prologueReadingWrt();
    return prologue.stream().filter(s -> !readingWrt.contains(s)).toList();
  }

  /**
   * How the derivation text shows the data values the user did not name, by their names in
   * generated code ({@code XCols} is shown {@code cols(X)}).
   */
  public Map<String, String> shownNames() {
    Map<String, String> out = new LinkedHashMap<>();
    for (DataStatement s : prologue) {
      if (s.shown() != null) {
        out.put(s.name(), s.shown());
      }
    }
    return out;
  }

  /** Whether a leaf is a parameter of the method (not a value of the data prologue). */
  public boolean isDeclared(Parameter leaf) {
    return declared.stream().anyMatch(d -> d.name().equals(leaf.name()));
  }
}
