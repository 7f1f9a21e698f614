package dev.tracegrad.processor.derive;

import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A symbolic expression of the trace method as a person writes it: graph nodes, the adjoint
 * symbols ∂l/∂X and the differentials dX, combined by the graph's own ops. The derive stage writes
 * every local step in this form, once: the differential terms go into the {@link DerivationLog}
 * for the text, and the adjoint read off is both logged and compiled into the gradient graph
 * ({@link SymCompiler#compile}), so what is printed and what is computed cannot drift apart.
 *
 * <p>In {@link Applied} the op is a {@link Node} used as a template: its kind and attributes (the
 * function of a Map, the shape of a Fill) count, its operand ids are placeholders, and the
 * operands are the {@code args}.
 */
public sealed interface Sym permits Sym.Ref, Sym.Adjoint, Sym.Differential, Sym.Applied {

  /** A node of the log's graph (a forward value), printed by its user name when it has one. */
  record Ref(int id) implements Sym {}

  /** ∂l/∂X for the graph node X. */
  record Adjoint(int id) implements Sym {}

  /** dX for the graph node X. */
  record Differential(int id) implements Sym {}

  /** An op applied to symbolic operands. */
  record Applied(Node op, List<Sym> args) implements Sym {
    public Applied {
      args = List.copyOf(args);
      if (args.size() != op.inputs().size()) {
        throw new IllegalArgumentException(op + " takes " + op.inputs().size() + " operands");
      }
    }
  }

  /** This expression with every ∂l/∂X (X = {@code node}) replaced by {@code value}. */
  default Sym substitute(int node, Sym value) {
    if (this instanceof Adjoint a && a.id() == node) {
      return value;
    }
    if (this instanceof Applied a) {
      List<Sym> args = new ArrayList<>(a.args().size());
      boolean changed = false;
      for (Sym s : a.args()) {
        Sym r = s.substitute(node, value);
        changed |= r != s;
        args.add(r);
      }
      return changed ? new Applied(a.op(), args) : this;
    }
    return this;
  }

  // ---------------------------------------------------------------- leaves

  static Sym ref(int id) {
    return new Ref(id);
  }

  static Sym adj(int id) {
    return new Adjoint(id);
  }

  static Sym d(int id) {
    return new Differential(id);
  }

  static Sym num(double v) {
    return new Applied(new Node.Const(v == 0 ? 0.0 : v), List.of());
  }

  static Sym apply(Node op, Sym... args) {
    return new Applied(op, Arrays.asList(args));
  }

  // ---------------------------------------------------------------- matrix ops

  static Sym add(Sym a, Sym b) {
    return apply(new Node.Add(0, 1), a, b);
  }

  static Sym sub(Sym a, Sym b) {
    return apply(new Node.Sub(0, 1), a, b);
  }

  static Sym neg(Sym a) {
    return apply(new Node.Neg(0), a);
  }

  /** The product of the factors, associated to the left. */
  static Sym mul(Sym first, Sym... rest) {
    Sym p = first;
    for (Sym f : rest) {
      p = apply(new Node.MatMul(0, 1), p, f);
    }
    return p;
  }

  static Sym t(Sym a) {
    return apply(new Node.Transpose(0), a);
  }

  static Sym scale(Sym s, Sym a) {
    return apply(new Node.Scale(0, 1), s, a);
  }

  static Sym had(Sym a, Sym b) {
    return apply(new Node.Hadamard(0, 1), a, b);
  }

  static Sym div(Sym a, Sym b) {
    return apply(new Node.Div(0, 1), a, b);
  }

  static Sym inv(Sym a) {
    return apply(new Node.Inv(0), a);
  }

  static Sym map(EntrywiseFunction fn, Sym a) {
    return apply(new Node.Entrywise(fn, 0), a);
  }

  static Sym deriv(EntrywiseFunction fn, Sym a) {
    return apply(new Node.EntrywiseDerivative(fn, 0), a);
  }

  static Sym pow(Sym a, Sym p) {
    return apply(new Node.Pow(0, 1), a, p);
  }

  static Sym softmax(Sym a) {
    return apply(new Node.Softmax(0), a);
  }

  static Sym rowSums(Sym a) {
    return apply(new Node.RowSums(0), a);
  }

  static Sym colSums(Sym a) {
    return apply(new Node.ColSums(0), a);
  }

  static Sym fill(Sym s, Shape shape) {
    return apply(new Node.Fill(0, shape), s);
  }

  static Sym eye(Sym s, Dim n) {
    return apply(new Node.Eye(0, n), s);
  }

  /** v𝟏ᵀ. */
  static Sym broadcastCols(Sym v, Dim cols) {
    return apply(new Node.BroadcastCols(0, cols), v);
  }

  /** 𝟏r. */
  static Sym broadcastRows(Sym r, Dim rows) {
    return apply(new Node.BroadcastRows(0, rows), r);
  }

  /** A(r) = A diag(r). */
  static Sym scaleColumns(Sym a, Sym r) {
    return apply(new Node.ScaleColumns(0, 1), a, r);
  }

  /** A⁻¹B. */
  static Sym solve(Sym a, Sym b) {
    return apply(new Node.Solve(0, 1), a, b);
  }

  /** diag(v) of a column (or, when {@code row}, a row) v. */
  static Sym diag(Sym v, boolean row) {
    return apply(new Node.Diag(0, row), v);
  }

  static Sym diagonal(Sym a) {
    return apply(new Node.DiagonalOf(0), a);
  }

  /** pick(A, idx): the row of A[idx[j], j]. */
  static Sym pick(Sym a, String idx) {
    return apply(new Node.Pick(0, idx), a);
  }

  /** gatherCols(E, idx): the columns E[:, idx[j]]. */
  static Sym gatherCols(Sym e, String idx) {
    return apply(new Node.GatherCols(0, idx), e);
  }

  /** scatter(g, idx): the rows×n matrix with g_j at (idx[j], j). */
  static Sym scatter(Sym g, String idx, dev.tracegrad.processor.ir.Dim rows) {
    return apply(new Node.Scatter(0, idx, rows), g);
  }

  /** scatterAdd(G, idx): G's columns added into columns idx[j] of a zero m×cols matrix. */
  static Sym scatterAdd(Sym g, String idx, dev.tracegrad.processor.ir.Dim cols) {
    return apply(new Node.ScatterAdd(0, idx, cols), g);
  }

  // ---------------------------------------------------------------- scalar ops

  static Sym tr(Sym a) {
    return apply(new Node.Trace(0), a);
  }

  static Sym sum(Sym a) {
    return apply(new Node.Sum(0), a);
  }

  static Sym dot(Sym a, Sym b) {
    return apply(new Node.Dot(0, 1), a, b);
  }

  static Sym sadd(Sym a, Sym b) {
    return apply(new Node.ScalarAdd(0, 1), a, b);
  }

  static Sym ssub(Sym a, Sym b) {
    return apply(new Node.ScalarSub(0, 1), a, b);
  }

  /** The scalar product of the factors, associated to the left. */
  static Sym smul(Sym first, Sym... rest) {
    Sym p = first;
    for (Sym f : rest) {
      p = apply(new Node.ScalarMul(0, 1), p, f);
    }
    return p;
  }

  static Sym sdiv(Sym a, Sym b) {
    return apply(new Node.ScalarDiv(0, 1), a, b);
  }

  static Sym sneg(Sym a) {
    return apply(new Node.ScalarNeg(0), a);
  }

  static Sym smap(EntrywiseFunction fn, Sym a) {
    return apply(new Node.ScalarFunction(fn, 0), a);
  }

  static Sym spow(Sym a, Sym p) {
    return apply(new Node.ScalarPow(0, 1), a, p);
  }
}
