package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.EntrywiseFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Lower stage: the value of one entry of a fused elementwise computation, or of a scalar. Matrix
 * nodes that are not materialised are inlined into the expression of their consumer; leaves read
 * materialised buffers at an index built from the loop variables ({@link Idx}), which is how a
 * transpose becomes an index swap and a broadcast a dropped index.
 */
public sealed interface Expr {

  /**
   * A loop index: the row variable, the column variable, the constant 0 ({@link Var}), or an entry
   * of an {@code int[]} index array at another index ({@link Lookup}), which is how pick and
   * gatherCols read their operand in place. The three variables are singletons, compared with
   * {@code ==}.
   */
  sealed interface Idx permits Idx.Var, Idx.Lookup {
    Var I = Var.I;
    Var J = Var.J;
    Var ZERO = Var.ZERO;

    /** A loop variable or 0. */
    enum Var implements Idx {
      I,
      J,
      ZERO;

      @Override
      public String toString() {
        return this == ZERO ? "0" : name().toLowerCase(java.util.Locale.ROOT);
      }
    }

    /** {@code array[at]}: the entry of the index array named {@code array} at the index {@code at}. */
    record Lookup(String array, Idx at) implements Idx {
      @Override
      public String toString() {
        return array + "[" + at + "]";
      }
    }
  }

  /** Binary arithmetic, evaluated left to right as Java does. */
  enum Arithmetic {
    ADD("+", 1),
    SUB("-", 1),
    MUL("*", 2),
    DIV("/", 2);

    private final String symbol;
    private final int precedence;

    Arithmetic(String symbol, int precedence) {
      this.symbol = symbol;
      this.precedence = precedence;
    }

    public String symbol() {
      return symbol;
    }

    public int precedence() {
      return precedence;
    }
  }

  /** A literal. */
  record Literal(double value) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of();
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
      return v.visit(this);
    }

    @Override
    public String toString() {
      return ExprText.number(value);
    }
  }

  /** A named scalar. */
  record Scalar(ScalarVar var) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of();
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
      return v.visit(this);
    }

    @Override
    public String toString() {
      return var.name();
    }
  }

  /** Entry (row, col) of a buffer: {@code buffer[row * cols + col]}. */
  record Read(Buffer buffer, Idx row, Idx col) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of();
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
      return v.visit(this);
    }

    @Override
    public String toString() {
      return buffer.name() + "[" + row + "," + col + "]";
    }
  }

  /** −a. */
  record Negate(Expr a) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of(a);
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
      return v.visit(this);
    }

    @Override
    public String toString() {
      return "-(" + a + ")";
    }
  }

  /** a op b. */
  record Binary(Arithmetic op, Expr a, Expr b) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of(a, b);
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
      return v.visit(this);
    }

    @Override
    public String toString() {
      return "(" + a + " " + op.symbol() + " " + b + ")";
    }
  }

  /** σ(a) for an elementwise function (the scalar Math functions map onto the same enum). */
  record Call(EntrywiseFunction fn, Expr a) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of(a);
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
      return v.visit(this);
    }

    @Override
    public String toString() {
      return fn.displayName() + "(" + a + ")";
    }
  }

  /** Math.pow(a, p). */
  record Power(Expr a, Expr p) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of(a, p);
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
      return v.visit(this);
    }

    @Override
    public String toString() {
      return "pow(" + a + ", " + p + ")";
    }
  }

  /** {@code row == col ? s : 0}: the entries of sI. */
  record Diagonal(Idx row, Idx col, Expr s) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of(s);
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
      return v.visit(this);
    }

    @Override
    public String toString() {
      return "(" + row + "==" + col + " ? " + s + " : 0)";
    }
  }

  /** A dimension as a {@code double} ({@code rows(A)}, the count {@code mean} divides by). */
  record DimValue(dev.tracegrad.processor.ir.Dim dim) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of();
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
      return v.visit(this);
    }

    @Override
    public String toString() {
      return "(double) " + dim;
    }
  }

  /** {@code Math.max(a, b)} or {@code Math.min(a, b)}: NaN propagates. */
  record Extremum(boolean max, Expr a, Expr b) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of(a, b);
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
      return v.visit(this);
    }

    @Override
    public String toString() {
      return (max ? "max(" : "min(") + a + ", " + b + ")";
    }
  }

  /**
   * {@code max + log(sum)}, or {@code max} itself where it is infinite (every term −∞, or one +∞):
   * the last step of a log-sum-exp shifted by its largest term, as {@code Reductions} takes it.
   */
  record ShiftedLog(Expr max, Expr sum) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of(max, sum);
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
      return v.visit(this);
    }

    @Override
    public String toString() {
      return "shiftedLog(" + max + ", " + sum + ")";
    }
  }

  /** The direct subexpressions. */
  List<Expr> children();

  /** Calls the visitor's method for this record. */
  <R> R accept(ExprVisitor<R> v);

  /** One method per kind of expression: a writer handling every kind implements it. */
  interface ExprVisitor<R> {
    R visit(Literal e);

    R visit(Scalar e);

    R visit(Read e);

    R visit(Negate e);

    R visit(Binary e);

    R visit(Call e);

    R visit(Power e);

    R visit(Diagonal e);

    R visit(DimValue e);

    R visit(Extremum e);

    R visit(ShiftedLog e);
  }

  /** Visits this expression and every subexpression, parents first. */
  default void forEach(Consumer<Expr> visitor) {
    visitor.accept(this);
    for (Expr c : children()) {
      c.forEach(visitor);
    }
  }

  /** Every buffer read in this expression, in visiting order (with repeats). */
  default List<Read> reads() {
    List<Read> out = new ArrayList<>();
    forEach(e -> {
      if (e instanceof Read r) {
        out.add(r);
      }
    });
    return out;
  }

  /** Every named scalar used in this expression (with repeats). */
  default List<ScalarVar> scalars() {
    List<ScalarVar> out = new ArrayList<>();
    forEach(e -> {
      if (e instanceof Scalar s) {
        out.add(s.var());
      }
    });
    return out;
  }
}
