package dev.tracegrad.processor.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A DSL expression as the fuzzer builds, prints, evaluates and shrinks it: a tree over parameter
 * and local names. Sharing (a local used several times) lives in {@link FuzzMethod}'s locals, so
 * the tree itself need not be a DAG.
 */
sealed interface Expr {

  /** A parameter or a local, by name. */
  record Ref(String name) implements Expr {}

  /** A numeric literal; {@code intStyle} prints it as {@code 2} rather than {@code 2.0}. */
  record Num(double value, boolean intStyle) implements Expr {}

  /** A call of {@code Ops.op}; {@code qualified} prints {@code Ops.op(..)} instead of the static import. */
  record Call(String op, List<Expr> args, boolean qualified) implements Expr {
    public Call {
      args = List.copyOf(args);
    }
  }

  /** {@code Math.fn(args)}: log, exp, sqrt or pow. */
  record MathCall(String fn, List<Expr> args) implements Expr {
    public MathCall {
      args = List.copyOf(args);
    }
  }

  /** A scalar binary operation, one of {@code + - * /}. */
  record Bin(char op, Expr left, Expr right) implements Expr {}

  /** Scalar unary minus. */
  record Neg(Expr operand) implements Expr {}

  static Call call(String op, Expr... args) {
    return new Call(op, List.of(args), false);
  }

  /** The direct operands. */
  default List<Expr> children() {
    if (this instanceof Call c) {
      return c.args();
    } else if (this instanceof MathCall m) {
      return m.args();
    } else if (this instanceof Bin b) {
      return List.of(b.left(), b.right());
    } else if (this instanceof Neg n) {
      return List.of(n.operand());
    }
    return List.of();
  }

  /** The same node over new operands (in {@link #children()} order). */
  default Expr withChildren(List<Expr> kids) {
    if (this instanceof Call c) {
      return new Call(c.op(), kids, c.qualified());
    } else if (this instanceof MathCall m) {
      return new MathCall(m.fn(), kids);
    } else if (this instanceof Bin b) {
      return new Bin(b.op(), kids.get(0), kids.get(1));
    } else if (this instanceof Neg) {
      return new Neg(kids.get(0));
    }
    return this;
  }

  /** Node count, the shrinker's measure of size. */
  default int size() {
    int n = 1;
    for (Expr e : children()) {
      n += e.size();
    }
    return n;
  }

  /** Every node in pre-order (index 0 is this node). */
  default List<Expr> nodes() {
    List<Expr> out = new ArrayList<>();
    collect(this, out);
    return out;
  }

  private static void collect(Expr e, List<Expr> out) {
    out.add(e);
    for (Expr c : e.children()) {
      collect(c, out);
    }
  }

  /** This tree with its pre-order node {@code index} replaced by {@code f} of that node. */
  default Expr replaceAt(int index, UnaryOperator<Expr> f) {
    int[] counter = {index};
    return replace(this, counter, f);
  }

  private static Expr replace(Expr e, int[] counter, UnaryOperator<Expr> f) {
    if (counter[0] == 0) {
      counter[0] = -1;
      return f.apply(e);
    }
    counter[0]--;
    if (counter[0] < 0) {
      return e;
    }
    List<Expr> kids = new ArrayList<>();
    boolean changed = false;
    for (Expr c : e.children()) {
      Expr r = counter[0] < 0 ? c : replace(c, counter, f);
      changed |= r != c;
      kids.add(r);
    }
    return changed ? e.withChildren(kids) : e;
  }

  /** Replaces every reference to {@code name} by {@code by}. */
  default Expr substitute(String name, Expr by) {
    if (this instanceof Ref r) {
      return r.name().equals(name) ? by : this;
    }
    List<Expr> kids = new ArrayList<>();
    for (Expr c : children()) {
      kids.add(c.substitute(name, by));
    }
    return children().isEmpty() ? this : withChildren(kids);
  }

  /** Whether the tree mentions {@code name}. */
  default boolean mentions(String name) {
    for (Expr e : nodes()) {
      if (e instanceof Ref r && r.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Java source text. */
  default String render() {
    if (this instanceof Ref r) {
      return r.name();
    } else if (this instanceof Num n) {
      return literal(n);
    } else if (this instanceof Call c) {
      return (c.qualified() ? "Ops." : "") + c.op() + "(" + join(c.args()) + ")";
    } else if (this instanceof MathCall m) {
      return "Math." + m.fn() + "(" + join(m.args()) + ")";
    } else if (this instanceof Bin b) {
      // Two int literals would divide as ints: print the right one as a double.
      boolean ints = b.left() instanceof Num l && l.intStyle() && b.right() instanceof Num r && r.intStyle();
      String right = ints ? Double.toString(((Num) b.right()).value()) : b.right().render();
      return "(" + b.left().render() + " " + b.op() + " " + right + ")";
    } else if (this instanceof Neg n) {
      String operand = n.operand().render();
      return operand.startsWith("-") ? "-(" + operand + ")" : "-" + operand;
    }
    throw new AssertionError(this);
  }

  private static String literal(Num n) {
    if (n.intStyle() && n.value() == Math.rint(n.value()) && Math.abs(n.value()) < 1e6) {
      return Long.toString((long) n.value());
    }
    return Double.toString(n.value());
  }

  private static String join(List<Expr> args) {
    StringBuilder sb = new StringBuilder();
    for (Expr a : args) {
      sb.append(sb.length() == 0 ? "" : ", ").append(a.render());
    }
    return sb.toString();
  }
}
