package dev.tracegrad.processor.testing;

import dev.tracegrad.processor.derive.Derivation;
import dev.tracegrad.processor.derive.DerivationLog;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Dims;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.ir.Shape;
import dev.tracegrad.processor.ir.ShapeCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link Program} and a hand-written gradient graph the way the front end and the derive
 * and simplify stages would: parameters in declaration order, named locals, and one shape check
 * (with the matching dimension equality) per constraint an op imposes.
 */
public final class ProgramBuilder {
  private final Graph.Builder g = Graph.builder(new Dims());
  private final List<Parameter> params = new ArrayList<>();
  private final List<String> wrt = new ArrayList<>();
  private final List<ShapeCheck> checks = new ArrayList<>();

  /** A Matrix parameter. */
  public int matrix(String name) {
    params.add(new Parameter(name, true));
    int id = g.add(new Node.Param(name));
    g.name(id, name);
    return id;
  }

  /** A double parameter. */
  public int scalar(String name) {
    params.add(new Parameter(name, false));
    int id = g.add(new Node.ScalarParam(name));
    g.name(id, name);
    return id;
  }

  /** Differentiate with respect to these parameters, in this order. */
  public ProgramBuilder wrt(String... names) {
    wrt.addAll(List.of(names));
    return this;
  }

  public int add(Node n) {
    return g.add(n);
  }

  /** A node the user named (a local). */
  public int local(String name, Node n) {
    int id = g.add(n);
    g.name(id, name);
    return id;
  }

  public int constant(double v) {
    return g.constant(v);
  }

  public Shape shape(int id) {
    return g.shape(id);
  }

  /** Records a binary check a = b and the equality. */
  public void check(Dim a, Dim b, String op, String left, int l, String right, int r, String rule) {
    checks.add(new ShapeCheck(a, b, op, left, g.shape(l), right, g.shape(r), rule));
    g.dims().unify(a, b);
  }

  /** Records a one-operand check a = b and the equality. */
  public void unary(Dim a, Dim b, String op, String left, int l, String rule) {
    checks.add(new ShapeCheck(a, b, op, left, g.shape(l), null, null, rule));
    g.dims().unify(a, b);
  }

  /** mul(A, B): columns of A equal rows of B. */
  public void mulCheck(int a, int b, String op, String left, String right) {
    check(g.shape(a).cols(), g.shape(b).rows(), op, left, a, right, b,
        "columns of " + left + " must equal rows of " + right);
  }

  /** Same-shape check for elementwise ops. */
  public void sameShape(int a, int b, String op, String left, String right) {
    check(g.shape(a).rows(), g.shape(b).rows(), op, left, a, right, b,
        left + " and " + right + " must have the same shape");
    check(g.shape(a).cols(), g.shape(b).cols(), op, left, a, right, b,
        left + " and " + right + " must have the same shape");
  }

  /** A square operand. */
  public void square(int a, String op, String left) {
    unary(g.shape(a).rows(), g.shape(a).cols(), op, left, a, left + " must be square");
  }

  public Program program(String source, String generatedName, int loss) {
    List<Integer> wrtIdx = new ArrayList<>();
    for (String w : wrt) {
      for (int i = 0; i < params.size(); i++) {
        if (params.get(i).name().equals(w)) {
          wrtIdx.add(i);
        }
      }
    }
    return new Program("test", source, generatedName, params, wrtIdx, g.build(), loss, checks);
  }

  /** The derivation for a program built by this builder (the same graph). */
  public static Derivation derivation(Program p, int... gradients) {
    List<Integer> grads = new ArrayList<>();
    for (int x : gradients) {
      grads.add(x);
    }
    return new Derivation(p.graph(), p.loss(), grads, new DerivationLog());
  }
}
