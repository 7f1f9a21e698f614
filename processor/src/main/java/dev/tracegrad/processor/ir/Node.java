package dev.tracegrad.processor.ir;

import java.util.List;

/**
 * One operation of the expression DAG. Operands are node ids in the owning {@link Graph}, always
 * smaller than the node's own id, so a graph's id order is a topological order. Records give
 * structural equality, which the graph uses to hash-cons: an expression that occurs twice is one
 * node, so common subexpressions are shared by construction.
 *
 * <p>The first two groups are the DSL (what a user can write); the third group only arises in
 * derivatives and in simplification. Matrix-valued nodes have a {@link Shape}; scalar-valued
 * nodes ({@link #isScalar()}) do not.
 */
public sealed interface Node {

  /** Operand ids, in order. */
  List<Integer> inputs();

  /** Whether this node is a {@code double} (otherwise a matrix). */
  default boolean isScalar() {
    return false;
  }

  // ---------------------------------------------------------------- leaves

  /** A {@code Matrix} parameter of the annotated method. */
  record Param(String name) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of();
    }
  }

  /** A {@code double} parameter of the annotated method. */
  record ScalarParam(String name) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of();
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  /** A numeric constant. */
  record Const(double value) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of();
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  // ---------------------------------------------------------------- matrix-valued DSL ops

  /** A + B [1]. */
  record Add(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }
  }

  /** A − B [1]. */
  record Sub(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }
  }

  /** −A [1]. */
  record Neg(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }
  }

  /** AB [2]. */
  record MatMul(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }
  }

  /** Aᵀ [3]. */
  record Transpose(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }
  }

  /** sA, with s a scalar node. */
  record Scale(int s, int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(s, a);
    }
  }

  /** A ⊙ B [7]. */
  record Hadamard(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }
  }

  /** A / B elementwise. */
  record Div(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }
  }

  /** A⁻¹ [5]. */
  record Inv(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }
  }

  /** σ(A) elementwise [8]. */
  record Entrywise(EntrywiseFunction fn, int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }
  }

  /** A to the power p elementwise; p is a scalar node that does not depend on a wrt parameter. */
  record Pow(int a, int p) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, p);
    }
  }

  /** softmax of each column: exp(a)/𝟏ᵀexp(a). */
  record Softmax(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }
  }

  /** log softmax of each column. */
  record LogSoftmax(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }
  }

  /** A + b𝟏ᵀ, b an m×1 column added to every column of A. */
  record AddColumn(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }
  }

  /** A𝟏 (m×1). */
  record RowSums(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }
  }

  /** 𝟏ᵀA (1×n). */
  record ColSums(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }
  }

  // ---------------------------------------------------------------- scalar-valued DSL ops

  /** tr(A) [4]. */
  record Trace(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  /** |A| [6]. */
  record Det(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  /** log|det A| [6]. */
  record LogDet(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  /** 𝟏ᵀA𝟏. */
  record Sum(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  /** tr(AᵀB) = Σᵢⱼ AᵢⱼBᵢⱼ. */
  record Dot(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  /** ‖A‖²_F. */
  record SumSq(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  /** The entry of a 1×1 matrix. */
  record ScalarOf(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  /** s + t. */
  record ScalarAdd(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  /** s − t. */
  record ScalarSub(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  /** s · t. */
  record ScalarMul(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  /** s / t. */
  record ScalarDiv(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  /** −s. */
  record ScalarNeg(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  /** Math.log/exp/sqrt of a scalar. */
  record ScalarFunction(MathFunction fn, int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  /** Math.pow(s, p); p does not depend on a wrt parameter. */
  record ScalarPow(int a, int p) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, p);
    }

    @Override
    public boolean isScalar() {
      return true;
    }
  }

  // ---------------------------------------------------------------- derivative-only matrix nodes

  /** s𝟏𝟏ᵀ: every entry of the given shape equal to the scalar s (∂ sum(A)/∂A = 𝟏𝟏ᵀ). */
  record Fill(int s, Shape shape) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(s);
    }
  }

  /** sI, n×n (∂ tr(A)/∂A = I). */
  record Eye(int s, Dim n) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(s);
    }
  }

  /** v𝟏ᵀ: the m×1 column v repeated as {@code cols} columns (the adjoint of rowSums). */
  record BroadcastCols(int v, Dim cols) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(v);
    }
  }

  /** 𝟏r: the 1×n row r repeated as {@code rows} rows (the adjoint of colSums). */
  record BroadcastRows(int r, Dim rows) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(r);
    }
  }

  /** A diag(r): column j of A times r_j, r a 1×n row. For an m×1 A this is the product A·r. */
  record ScaleColumns(int a, int r) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, r);
    }
  }

  /** σ′(A) elementwise, the derivative of a {@link EntrywiseFunction} (rule 8), before forward values are reused. */
  record EntrywiseDerivative(EntrywiseFunction fn, int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }
  }

  /** A⁻¹B computed by a solve with A's factorisation, never by forming A⁻¹. */
  record Solve(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }
  }
}
