package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.Dim;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lower stage: one step of a pass of the generated code, in execution order. Every buffer and
 * scalar is written by exactly one step (single assignment), which is what makes loop fusion a
 * local decision: a step may move up to an earlier loop when nothing it reads is produced in
 * between.
 */
public sealed interface Step {

  /** The buffers, scalars and factorisations this step reads. */
  Set<Stored> reads();

  /** The buffers, scalars and factorisations this step produces. */
  Set<Stored> writes();

  /**
   * A fused elementwise loop over one index space: every output is computed at each index, in
   * order, so a later output may read an entry an earlier one has just stored.
   */
  record Loop(Domain domain, List<LoopOutput> outputs) implements Step {
    public Loop {
      outputs = List.copyOf(outputs);
    }

    /**
     * Whether one flat loop over the row-major entries does: every read and store is at the
     * loop's own (i, j) in a buffer of the domain's shape, and no output sums a row or column
     * (or takes its maximum).
     * Flat loops are the ones C2 vectorises most readily.
     */
    public boolean flat() {
      if (domain.diagonal()) {
        return false;
      }
      for (LoopOutput o : outputs) {
        if (o instanceof LoopOutput.RowSum || o instanceof LoopOutput.ColSum || o instanceof LoopOutput.ColMax) {
          return false;
        }
        boolean[] ok = {true};
        o.value().forEach(e -> {
          if (e instanceof Expr.Diagonal) {
            ok[0] = false;
          } else if (e instanceof Expr.Read r && !aligned(r)) {
            ok[0] = false;
          }
        });
        if (!ok[0]) {
          return false;
        }
      }
      return true;
    }

    /** Whether a read is of entry (i, j) of a buffer laid out like the domain. */
    public boolean aligned(Expr.Read r) {
      return !domain.diagonal()
          && r.row() == domain.rowIdx()
          && r.col() == domain.colIdx()
          && r.buffer().shape().equals(domain.shape());
    }

    /** This loop followed by another over the same domain, fused into one. */
    public Loop fuse(Loop later) {
      List<LoopOutput> all = new ArrayList<>(outputs);
      all.addAll(later.outputs);
      return new Loop(domain, all);
    }

    @Override
    public Set<Stored> reads() {
      Set<Stored> s = new LinkedHashSet<>();
      for (LoopOutput o : outputs) {
        for (Expr.Read r : o.value().reads()) {
          s.add(r.buffer());
        }
        s.addAll(o.value().scalars());
      }
      return s;
    }

    @Override
    public Set<Stored> writes() {
      Set<Stored> s = new LinkedHashSet<>();
      for (LoopOutput o : outputs) {
        s.add(target(o));
      }
      return s;
    }

    /** The buffer or scalar an output writes. */
    public static Stored target(LoopOutput o) {
      if (o instanceof LoopOutput.Store x) {
        return x.target();
      }
      if (o instanceof LoopOutput.FullSum x) {
        return x.target();
      }
      if (o instanceof LoopOutput.RowSum x) {
        return x.target();
      }
      if (o instanceof LoopOutput.FullMax x) {
        return x.target();
      }
      if (o instanceof LoopOutput.ColMax x) {
        return x.target();
      }
      return ((LoopOutput.ColSum) o).target();
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("loop ").append(domain).append(flat() ? " flat" : "");
      for (LoopOutput o : outputs) {
        sb.append("\n    ").append(o).append("    // ").append(o.comment());
      }
      return sb.toString();
    }
  }

  /**
   * C = α·op(A)·op(B), op(X) = X or Xᵀ, with C m×n and inner dimension p, computed by the runtime
   * kernel. Transposes are passed to it as flags, never copied here; α (null for 1) collects the
   * scalar factors of the operands. Each C[i,j] accumulates its k terms in ascending order, as
   * {@code Ops.mul} does.
   */
  record Product(
      Buffer c,
      Buffer a,
      boolean transposeA,
      Buffer b,
      boolean transposeB,
      Dim m,
      Dim p,
      Dim n,
      Expr alpha,
      String comment)
      implements Step {

    /** "AB", "AtB", "ABt" or "AtBt". */
    public String variant() {
      return "A" + (transposeA ? "t" : "") + "B" + (transposeB ? "t" : "");
    }

    @Override
    public Set<Stored> reads() {
      Set<Stored> s = new LinkedHashSet<>(List.of(a, b));
      if (alpha != null) {
        s.addAll(alpha.scalars());
      }
      return s;
    }

    @Override
    public Set<Stored> writes() {
      return Set.of(c);
    }

    @Override
    public String toString() {
      return c + " = " + (alpha == null ? "" : alpha + " * ") + a + (transposeA ? "'" : "") + " * " + b + (transposeB ? "'" : "")
          + "    product " + variant() + " m=" + m + " p=" + p + " n=" + n
          + "    // " + comment;
    }
  }

  /** sign = Lu.factor(matrix, n, lu, pivots). */
  record Factor(LuFactors lu, String comment) implements Step {
    @Override
    public Set<Stored> reads() {
      return Set.of(lu.matrix());
    }

    @Override
    public Set<Stored> writes() {
      return Set.of(lu);
    }

    @Override
    public String toString() {
      return lu.sign() + " = factor(" + lu.matrix() + " -> " + lu.lu() + ", " + lu.pivots()
          + ")    // " + comment;
    }
  }

  /** Lu.requireNonSingular(sign, what): throws SingularMatrixException "what is singular". */
  record RequireNonSingular(LuFactors lu, String what) implements Step {
    @Override
    public Set<Stored> reads() {
      return Set.of(lu);
    }

    @Override
    public Set<Stored> writes() {
      return Set.of();
    }

    @Override
    public String toString() {
      return "require " + lu.sign() + " != 0    // \"" + what + " is singular\"";
    }
  }

  /** out = det from the factors; 0 when singular (never throws). */
  record Determinant(ScalarVar out, LuFactors lu, String comment) implements Step {
    @Override
    public Set<Stored> reads() {
      return Set.of(lu);
    }

    @Override
    public Set<Stored> writes() {
      return Set.of(out);
    }

    @Override
    public String toString() {
      return out + " = det(" + lu + ")    // " + comment;
    }
  }

  /** out = log|det| from non-singular factors. */
  record LogDeterminant(ScalarVar out, LuFactors lu, String comment) implements Step {
    @Override
    public Set<Stored> reads() {
      return Set.of(lu);
    }

    @Override
    public Set<Stored> writes() {
      return Set.of(out);
    }

    @Override
    public String toString() {
      return out + " = logAbsDet(" + lu + ")    // " + comment;
    }
  }

  /** out = A⁻¹ from non-singular factors. */
  record Inverse(Buffer out, LuFactors lu, String comment) implements Step {
    @Override
    public Set<Stored> reads() {
      return Set.of(lu);
    }

    @Override
    public Set<Stored> writes() {
      return Set.of(out);
    }

    @Override
    public String toString() {
      return out + " = inverse(" + lu + ")    // " + comment;
    }
  }

  /** out = A⁻¹B, or A⁻ᵀB when {@code transposed}, from non-singular factors of A. */
  record LuSolve(Buffer out, LuFactors lu, boolean transposed, Buffer b, String comment)
      implements Step {
    @Override
    public Set<Stored> reads() {
      return new LinkedHashSet<>(List.of(lu, b));
    }

    @Override
    public Set<Stored> writes() {
      return Set.of(out);
    }

    @Override
    public String toString() {
      return out + " = " + (transposed ? "solveTransposed(" : "solve(") + lu + ", " + b
          + ")    // " + comment;
    }
  }

  /**
   * Softmax or log-softmax of each column, by the reference formulas (column max, Σ exp(x −
   * max)), traversed row by row with one running max and sum per column in {@code colMax} and
   * {@code colSum}: the sums still run down each column in ascending row order.
   */
  record ColumnSoftmax(Buffer out, Buffer in, boolean log, Buffer colMax, Buffer colSum, String comment)
      implements Step {
    @Override
    public Set<Stored> reads() {
      return Set.of(in);
    }

    @Override
    public Set<Stored> writes() {
      return new LinkedHashSet<>(List.of(out, colMax, colSum));
    }

    @Override
    public String toString() {
      return out + " = " + (log ? "logSoftmax(" : "softmax(") + in + ") using " + colMax + ", "
          + colSum + "    // " + comment;
    }
  }

  /**
   * A scatter over an {@code int[]} index array ({@code index}, a leaf the pass takes by name), by
   * the runtime's {@code Indexing} kernels: the adjoints of pick and gatherCols zero {@code out}
   * and write (scatter) or add (scatterAdd) {@code in} into the indexed places. Allocation-free,
   * O(entries of in + out). (pick and gatherCols themselves are read in place by the loops that
   * consume them, through {@link Expr.Idx.Lookup}.)
   */
  record Indexed(IndexOp op, Buffer out, Buffer in, String index, String comment) implements Step {
    /** Which index op. */
    public enum IndexOp {
      SCATTER,
      SCATTER_ADD
    }

    @Override
    public Set<Stored> reads() {
      return Set.of(in);
    }

    @Override
    public Set<Stored> writes() {
      return Set.of(out);
    }

    @Override
    public String toString() {
      return out + " = " + op.name().toLowerCase(java.util.Locale.ROOT) + "(" + in + ", " + index
          + ")    // " + comment;
    }
  }

  /** A scalar computed from other scalars (or from entries of 1×1 matrices). */
  record Assign(ScalarVar out, Expr value, String comment) implements Step {
    @Override
    public Set<Stored> reads() {
      Set<Stored> s = new LinkedHashSet<>();
      for (Expr.Read r : value.reads()) {
        s.add(r.buffer());
      }
      s.addAll(value.scalars());
      return s;
    }

    @Override
    public Set<Stored> writes() {
      return Set.of(out);
    }

    @Override
    public String toString() {
      return out + " = " + value + "    // " + comment;
    }
  }

  /** {@code output[0] = value}: the gradient of a {@code double} parameter. */
  record ScalarOutput(String output, Expr value, String comment) implements Step {
    @Override
    public Set<Stored> reads() {
      Set<Stored> s = new LinkedHashSet<>();
      for (Expr.Read r : value.reads()) {
        s.add(r.buffer());
      }
      s.addAll(value.scalars());
      return s;
    }

    @Override
    public Set<Stored> writes() {
      return Set.of();
    }

    @Override
    public String toString() {
      return output + "[0] = " + value + "    // " + comment;
    }
  }
}
