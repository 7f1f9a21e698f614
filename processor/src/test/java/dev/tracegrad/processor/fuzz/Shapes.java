package dev.tracegrad.processor.fuzz;

import java.util.HashMap;
import java.util.Map;

/**
 * Symbolic shapes of a method's expressions: a matrix is a pair of dimension variables, a scalar
 * is {@link #SCALAR}. The generator builds shape-consistent trees by construction; the shrinker
 * asks here which shape a subtree has before replacing it.
 */
final class Shapes {
  /** The shape of every {@code double}. */
  static final Shape SCALAR = new Shape(-1, -1);

  /** Rows and columns as dimension variables. */
  record Shape(int rows, int cols) {
    boolean scalar() {
      return rows < 0;
    }

    Shape transposed() {
      return new Shape(cols, rows);
    }
  }

  private final Map<String, Shape> names = new HashMap<>();

  /** Shapes of the parameters and of the locals declared before {@code upTo}. */
  Shapes(FuzzMethod m, int upTo) {
    for (Param p : m.params()) {
      if (!p.isData()) {
        names.put(p.name(), p.matrix() ? new Shape(p.rows(), p.cols()) : SCALAR);
      } else if (p.role() == Param.Role.INDEX) {
        // an index array as the row of its bound and length
        names.put(p.name(), new Shape(p.rows(), p.cols()));
      }
    }
    for (int i = 0; i < upTo && i < m.locals().size(); i++) {
      FuzzMethod.Local l = m.locals().get(i);
      names.put(l.name(), of(l.value()));
    }
  }

  Shape of(Expr e) {
    if (e instanceof Expr.Ref r) {
      return names.get(r.name());
    } else if (e instanceof Expr.Call c) {
      Shape a = of(c.args().get(0));
      if (a.scalar() && c.args().size() > 1 && !c.op().equals("scale")) {
        return of(c.args().get(1)); // add(s, A), sub(s, A), ...
      }
      return switch (c.op()) {
        case "colLogSumExp" -> new Shape(0, a.cols());
        case "repeatRows" -> new Shape(of(((Expr.Call) c.args().get(1)).args().get(0)).rows(), a.cols());
        case "repeatCols" -> new Shape(a.rows(), of(((Expr.Call) c.args().get(1)).args().get(0)).cols());
        case "diag" -> new Shape(a.rows(), a.rows());
        case "pick" -> new Shape(0, a.cols());
        case "gatherCols" -> new Shape(a.rows(), of(c.args().get(1)).cols());
        case "mean", "logSumExp", "norm", "rows", "cols" -> SCALAR;
        case "mul" -> new Shape(a.rows(), of(c.args().get(1)).cols());
        case "t" -> a.transposed();
        case "scale" -> of(c.args().get(1));
        case "rowSums" -> new Shape(a.rows(), 0);
        case "colSums" -> new Shape(0, a.cols());
        case "tr", "det", "logdet", "sum", "dot", "sumsq", "scalar" -> SCALAR;
        default -> a;
      };
    } else if (e instanceof Expr.Helper h) {
      return of(h.expansion());
    }
    return SCALAR;
  }
}
