package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.MathFunction;
import dev.tracegrad.processor.ir.Shape;
import dev.tracegrad.processor.lower.Expr.Idx;
import java.util.Optional;

/**
 * Lower stage: the expression for entry (row, col) of a node, inlining every matrix node that has
 * no storage. Index mappings happen here: a transpose swaps the indices, a broadcast drops one,
 * eye compares them; a dimension equal to 1 always gets index 0.
 */
final class ExprBuilder {
  private final Graph graph;
  private final Storage storage;

  ExprBuilder(Graph graph, Storage storage) {
    this.graph = graph;
    this.storage = storage;
  }

  /** Entry (row, col) of the node: a read of its buffer if it has one, else its definition. */
  Expr entry(int id, Idx row, Idx col) {
    if (graph.isScalar(id)) {
      return scalar(id);
    }
    Optional<Buffer> b = storage.buffer(id);
    if (b.isPresent()) {
      return read(b.get(), row, col);
    }
    return definition(id, row, col);
  }

  /** A read of a buffer, with the index of a dimension of extent 1 fixed at 0. */
  static Expr.Read read(Buffer b, Idx row, Idx col) {
    Shape s = b.shape();
    return new Expr.Read(
        b, s.rows().equals(Dim.ONE) ? Idx.ZERO : row, s.cols().equals(Dim.ONE) ? Idx.ZERO : col);
  }

  /** Entry (row, col) computed from the node's operands, ignoring the node's own buffer. */
  Expr definition(int id, Idx row, Idx col) {
    Shape s = storage.shape(id);
    Idx r = s.rows().equals(Dim.ONE) ? Idx.ZERO : row;
    Idx c = s.cols().equals(Dim.ONE) ? Idx.ZERO : col;
    Node n = graph.node(id);
    if (n instanceof Node.Transpose x) {
      return entry(x.a(), c, r);
    }
    if (n instanceof Node.Add x) {
      return new Expr.Binary(Expr.Op.ADD, entry(x.a(), r, c), entry(x.b(), r, c));
    }
    if (n instanceof Node.Sub x) {
      return new Expr.Binary(Expr.Op.SUB, entry(x.a(), r, c), entry(x.b(), r, c));
    }
    if (n instanceof Node.Neg x) {
      return new Expr.Negate(entry(x.a(), r, c));
    }
    if (n instanceof Node.Scale x) {
      return new Expr.Binary(Expr.Op.MUL, scalar(x.s()), entry(x.a(), r, c));
    }
    if (n instanceof Node.Hadamard x) {
      return new Expr.Binary(Expr.Op.MUL, entry(x.a(), r, c), entry(x.b(), r, c));
    }
    if (n instanceof Node.Div x) {
      return new Expr.Binary(Expr.Op.DIV, entry(x.a(), r, c), entry(x.b(), r, c));
    }
    if (n instanceof Node.Entrywise x) {
      return new Expr.Call(x.fn(), entry(x.a(), r, c));
    }
    if (n instanceof Node.Pow x) {
      return new Expr.Power(entry(x.a(), r, c), scalar(x.p()));
    }
    if (n instanceof Node.Fill x) {
      return scalar(x.s());
    }
    if (n instanceof Node.Eye x) {
      // Both indices are the same variable on a diagonal (or 0 for a 1×1 identity).
      return r == c ? scalar(x.s()) : new Expr.Diagonal(r, c, scalar(x.s()));
    }
    if (n instanceof Node.BroadcastCols x) {
      return entry(x.v(), r, Idx.ZERO);
    }
    if (n instanceof Node.BroadcastRows x) {
      return entry(x.r(), Idx.ZERO, c);
    }
    if (n instanceof Node.AddColumn x) {
      return new Expr.Binary(Expr.Op.ADD, entry(x.a(), r, c), entry(x.b(), r, Idx.ZERO));
    }
    if (n instanceof Node.ScaleColumns x) {
      return new Expr.Binary(Expr.Op.MUL, entry(x.a(), r, c), entry(x.r(), Idx.ZERO, c));
    }
    if (n instanceof Node.EntrywiseDerivative) {
      throw new IllegalStateException("%" + id + " = " + n + ": Deriv nodes must be rewritten by"
          + " Simplifier.prepareForLowering before lowering");
    }
    throw new IllegalStateException("%" + id + " = " + n + " is not elementwise and has no buffer");
  }

  /** A scalar node: its named double, a literal, or its inlined definition. */
  Expr scalar(int id) {
    Optional<ScalarVar> v = storage.scalar(id);
    if (v.isPresent()) {
      return new Expr.Scalar(v.get());
    }
    return scalarDefinition(id);
  }

  /** A scalar node computed from its operands, ignoring its own name. */
  Expr scalarDefinition(int id) {
    Node n = graph.node(id);
    if (n instanceof Node.Const x) {
      return new Expr.Literal(x.value());
    }
    if (n instanceof Node.ScalarAdd x) {
      return new Expr.Binary(Expr.Op.ADD, scalar(x.a()), scalar(x.b()));
    }
    if (n instanceof Node.ScalarSub x) {
      return new Expr.Binary(Expr.Op.SUB, scalar(x.a()), scalar(x.b()));
    }
    if (n instanceof Node.ScalarMul x) {
      return new Expr.Binary(Expr.Op.MUL, scalar(x.a()), scalar(x.b()));
    }
    if (n instanceof Node.ScalarDiv x) {
      return new Expr.Binary(Expr.Op.DIV, scalar(x.a()), scalar(x.b()));
    }
    if (n instanceof Node.ScalarNeg x) {
      return new Expr.Negate(scalar(x.a()));
    }
    if (n instanceof Node.ScalarFunction x) {
      return new Expr.Call(fn(x.fn()), scalar(x.a()));
    }
    if (n instanceof Node.ScalarPow x) {
      return new Expr.Power(scalar(x.a()), scalar(x.p()));
    }
    if (n instanceof Node.ScalarOf x) {
      return entry(x.a(), Idx.ZERO, Idx.ZERO);
    }
    throw new IllegalStateException("%" + id + " = " + n + " is not a scalar expression");
  }

  private static EntrywiseFunction fn(MathFunction f) {
    return switch (f) {
      case LOG -> EntrywiseFunction.LOG;
      case EXP -> EntrywiseFunction.EXP;
      case SQRT -> EntrywiseFunction.SQRT;
    };
  }
}
