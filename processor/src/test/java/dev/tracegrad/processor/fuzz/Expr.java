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

  /**
   * An {@code int} data value: an int parameter ({@code k}), a shape query ({@code A.rows()}) or
   * an array's length ({@code idx.length}), as {@code form} prints it around the name.
   */
  record IntData(String name, String form) implements Expr {
    String text() {
      return form.replace("#", name);
    }
  }

  /** A call of one of {@link FuzzClass#HELPERS}, the helper methods of every fuzzed class. */
  record Helper(String name, List<Expr> args) implements Expr {
    public Helper {
      args = List.copyOf(args);
    }

    /** The same value written with DSL calls, which the evaluator computes. */
    Expr expansion() {
      return switch (name) {
        case "fuzzMix" -> call("hadamard", call("sigmoid", args.get(0)), args.get(1));
        case "fuzzEnergy" -> new Bin('*', args.get(1), call("sumsq", args.get(0)));
        default -> throw new AssertionError(name);
      };
    }
  }

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
    } else if (this instanceof Helper h) {
      return h.args();
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
    } else if (this instanceof Helper h) {
      return new Helper(h.name(), kids);
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
      if (e instanceof Ref r && r.name().equals(name)
          || e instanceof IntData d && d.name().equals(name)) {
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
      // An int over an int data value would divide as ints too.
      boolean ints = b.left() instanceof Num l && l.intStyle()
          && (b.right() instanceof Num r && r.intStyle() || b.right() instanceof IntData);
      if (ints && b.right() instanceof IntData) {
        return "(" + Double.toString(((Num) b.left()).value()) + " " + b.op() + " "
            + b.right().render() + ")";
      }
      String right = ints ? Double.toString(((Num) b.right()).value()) : b.right().render();
      return "(" + b.left().render() + " " + b.op() + " " + right + ")";
    } else if (this instanceof Neg n) {
      String operand = n.operand().render();
      return operand.startsWith("-") ? "-(" + operand + ")" : "-" + operand;
    } else if (this instanceof IntData d) {
      return d.text();
    } else if (this instanceof Helper h) {
      return h.name() + "(" + join(h.args()) + ")";
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
