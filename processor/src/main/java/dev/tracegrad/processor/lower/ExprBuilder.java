package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Shape;
import dev.tracegrad.processor.lower.Expr.Idx;
import java.util.Optional;

/**
 * Lower stage: the expression for entry (row, col) of a node, inlining every matrix node that has
 * no storage. Index mappings happen here: a transpose swaps the indices, a broadcast drops one,
 * eye compares them, pick and gatherCols read their operand's row or column at an index array's entry; a dimension equal
 * to 1 always gets index 0.
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
    return graph.node(id).accept(new Definition(id, r, c));
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
    return graph.node(id).accept(new Definition(id, null, null));
  }

  /**
   * The expression of one node from its operands: an entry (r, c) of an elementwise matrix node,
   * or the value of a scalar node. Nodes that are computed otherwise (products, factorisations,
   * reductions) always have storage, so asking for their definition is an error.
   */
  private final class Definition implements Node.Visitor<Expr> {
    private final int id;
    private final Idx r;
    private final Idx c;

    Definition(int id, Idx r, Idx c) {
      this.id = id;
      this.r = r;
      this.c = c;
    }

    private IllegalStateException stored(Node n) {
      return new IllegalStateException("%" + id + " = " + n + " is not elementwise and has no storage");
    }

    @Override
    public Expr visit(Node.Param n) {
      throw stored(n);
    }

    @Override
    public Expr visit(Node.ScalarParam n) {
      throw stored(n);
    }

    @Override
    public Expr visit(Node.Const x) {
      return new Expr.Literal(x.value());
    }

    @Override
    public Expr visit(Node.Transpose x) {
      return entry(x.a(), c, r);
    }

    @Override
    public Expr visit(Node.Add x) {
      return new Expr.Binary(Expr.Arithmetic.ADD, entry(x.a(), r, c), entry(x.b(), r, c));
    }

    @Override
    public Expr visit(Node.Sub x) {
      return new Expr.Binary(Expr.Arithmetic.SUB, entry(x.a(), r, c), entry(x.b(), r, c));
    }

    @Override
    public Expr visit(Node.Neg x) {
      return new Expr.Negate(entry(x.a(), r, c));
    }

    @Override
    public Expr visit(Node.Scale x) {
      return new Expr.Binary(Expr.Arithmetic.MUL, scalar(x.s()), entry(x.a(), r, c));
    }

    @Override
    public Expr visit(Node.Hadamard x) {
      return new Expr.Binary(Expr.Arithmetic.MUL, entry(x.a(), r, c), entry(x.b(), r, c));
    }

    @Override
    public Expr visit(Node.Div x) {
      return new Expr.Binary(Expr.Arithmetic.DIV, entry(x.a(), r, c), entry(x.b(), r, c));
    }

    @Override
    public Expr visit(Node.Entrywise x) {
      return new Expr.Call(x.fn(), entry(x.a(), r, c));
    }

    @Override
    public Expr visit(Node.Pow x) {
      return new Expr.Power(entry(x.a(), r, c), scalar(x.p()));
    }

    @Override
    public Expr visit(Node.Fill x) {
      return scalar(x.s());
    }

    @Override
    public Expr visit(Node.Eye x) {
      // Both indices are the same variable on a diagonal (or 0 for a 1×1 identity).
      return r == c ? scalar(x.s()) : new Expr.Diagonal(r, c, scalar(x.s()));
    }

    @Override
    public Expr visit(Node.BroadcastCols x) {
      return entry(x.v(), r, Idx.ZERO);
    }

    @Override
    public Expr visit(Node.BroadcastRows x) {
      return entry(x.r(), Idx.ZERO, c);
    }

    @Override
    public Expr visit(Node.AddColumn x) {
      return new Expr.Binary(Expr.Arithmetic.ADD, entry(x.a(), r, c), entry(x.b(), r, Idx.ZERO));
    }

    @Override
    public Expr visit(Node.ScaleColumns x) {
      return new Expr.Binary(Expr.Arithmetic.MUL, entry(x.a(), r, c), entry(x.r(), Idx.ZERO, c));
    }

    @Override
    public Expr visit(Node.EntrywiseDerivative x) {
      throw new IllegalStateException("%" + id + " = " + x + ": derivative nodes must be rewritten by"
          + " Simplifier.prepareForLowering before lowering");
    }

    @Override
    public Expr visit(Node.MatMul x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.Inv x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.Solve x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.Softmax x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.LogSoftmax x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.RowSums x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.ColSums x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.Trace x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.Det x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.LogDet x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.Sum x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.Dot x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.SumSq x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.ScalarAdd x) {
      return new Expr.Binary(Expr.Arithmetic.ADD, scalar(x.a()), scalar(x.b()));
    }

    @Override
    public Expr visit(Node.ScalarSub x) {
      return new Expr.Binary(Expr.Arithmetic.SUB, scalar(x.a()), scalar(x.b()));
    }

    @Override
    public Expr visit(Node.ScalarMul x) {
      return new Expr.Binary(Expr.Arithmetic.MUL, scalar(x.a()), scalar(x.b()));
    }

    @Override
    public Expr visit(Node.ScalarDiv x) {
      return new Expr.Binary(Expr.Arithmetic.DIV, scalar(x.a()), scalar(x.b()));
    }

    @Override
    public Expr visit(Node.ScalarNeg x) {
      return new Expr.Negate(scalar(x.a()));
    }

    @Override
    public Expr visit(Node.ScalarFunction x) {
      return new Expr.Call(x.fn(), scalar(x.a()));
    }

    @Override
    public Expr visit(Node.ScalarPow x) {
      return new Expr.Power(scalar(x.a()), scalar(x.p()));
    }

    @Override
    public Expr visit(Node.ScalarOf x) {
      return entry(x.a(), Idx.ZERO, Idx.ZERO);
    }

    @Override
    public Expr visit(Node.Extent x) {
      return new Expr.DimValue(x.d());
    }

    @Override
    public Expr visit(Node.Max x) {
      return new Expr.Extremum(true, entry(x.a(), r, c), entry(x.b(), r, c));
    }

    @Override
    public Expr visit(Node.Min x) {
      return new Expr.Extremum(false, entry(x.a(), r, c), entry(x.b(), r, c));
    }

    @Override
    public Expr visit(Node.Diag x) {
      Expr v = x.row() ? entry(x.v(), Idx.ZERO, c) : entry(x.v(), r, Idx.ZERO);
      return r == c ? v : new Expr.Diagonal(r, c, v);
    }

    @Override
    public Expr visit(Node.DiagonalOf x) {
      return entry(x.a(), r, r);
    }

    @Override
    public Expr visit(Node.Pick x) {
      // A[idx[j], j]: only the n picked entries of A are ever computed, in the consumer's loop.
      return entry(x.a(), new Idx.Lookup(x.idx(), c), c);
    }

    @Override
    public Expr visit(Node.GatherCols x) {
      // E[i, idx[j]]: the loop reads E in place, no gathered copy (a product's operand is one).
      return entry(x.e(), r, new Idx.Lookup(x.idx(), c));
    }

    @Override
    public Expr visit(Node.Scatter x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.ScatterAdd x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.Norm x) {
      throw new IllegalStateException("%" + id + " = " + x + ": norm must be rewritten by"
          + " Simplifier.prepareForLowering before lowering");
    }

    @Override
    public Expr visit(Node.LogSumExp x) {
      throw stored(x);
    }

    @Override
    public Expr visit(Node.ColLogSumExp x) {
      throw stored(x);
    }
  }
}
