package dev.tracegrad.processor.fuzz;

import dev.tracegrad.processor.fuzz.Expr.Num;
import dev.tracegrad.processor.fuzz.Expr.Ref;
import dev.tracegrad.processor.fuzz.Param.Role;
import dev.tracegrad.processor.fuzz.Shapes.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Shrinks a failing method greedily: it tries simpler variants (a local replaced by a fresh
 * parameter, a subexpression replaced by one of its operands of the same shape or by a fresh
 * parameter, the result replaced by one of its scalar parts, fewer wrt names, smaller dimensions)
 * and keeps the first that still fails, until none does or the budget of tries is spent. Every
 * variant stays well-shaped and inside the evaluator's domain, so it remains a valid program.
 */
final class Shrinker {
  private final Predicate<FuzzMethod> fails;
  private final int budget;
  private int tries;
  private int fresh;

  /** {@code fails} must say whether a (valid) method still shows the failure being shrunk. */
  Shrinker(Predicate<FuzzMethod> fails, int budget) {
    this.fails = fails;
    this.budget = budget;
  }

  FuzzMethod shrink(FuzzMethod failing) {
    FuzzMethod current = failing;
    boolean progress = true;
    while (progress && tries < budget) {
      progress = false;
      for (FuzzMethod candidate : candidates(current)) {
        // Parameters the candidate no longer uses go too, unless the failure needs them.
        FuzzMethod tidy = withoutUnusedParams(candidate);
        FuzzMethod accepted = tidy != null ? attempt(tidy, current) : null;
        if (accepted == null && (tidy == null || tidy.params().size() < candidate.params().size())) {
          accepted = attempt(candidate, current);
        }
        if (accepted != null) {
          current = accepted;
          progress = true;
          break;
        }
        if (tries >= budget) {
          break;
        }
      }
    }
    return current;
  }

  /** The candidate if it is simpler, valid and still fails; null otherwise. */
  private FuzzMethod attempt(FuzzMethod c, FuzzMethod current) {
    if (score(c) >= score(current) || Evaluator.domainProblem(c) != null || tries >= budget) {
      return null;
    }
    tries++;
    return fails.test(c) ? c : null;
  }

  int tries() {
    return tries;
  }

  /**
   * Lexicographic size: nodes, then parameters, then dimensions, then gradients and the name
   * attribute; every accepted step lowers it, so shrinking ends.
   */
  private static long score(FuzzMethod m) {
    long dims = 0;
    for (int d : m.dims()) {
      dims += d;
    }
    // A fresh parameter standing in for a subtree of two or more nodes is progress.
    return m.size() * 1000L + m.params().size() * 100L + dims * 10 + m.wrtNames().size()
        + (m.generatedName() == null ? 0 : 1);
  }

  /** Simpler variants of m, the most promising (largest cuts) first. */
  private List<FuzzMethod> candidates(FuzzMethod m) {
    List<FuzzMethod> out = new ArrayList<>();
    List<FuzzMethod.Local> locals = m.locals();
    // Whole locals first, the biggest steps: replaced by a stand-in, or inlined.
    for (int i = locals.size() - 1; i >= 0; i--) {
      FuzzMethod.Local l = locals.get(i);
      Shape s = new Shapes(m, i).of(l.value());
      for (Expr by : replacements(m, s)) {
        out.add(dropLocal(m, i, by));
      }
      out.add(dropLocal(m, i, l.value()));
    }
    for (int i = 0; i < locals.size(); i++) {
      if (dead(m, i)) {
        List<FuzzMethod.Local> fewer = new ArrayList<>(locals);
        fewer.remove(i);
        out.add(0, m.withBody(m.params(), fewer, m.result(), m.wrt()));
      }
    }
    // The result replaced by any scalar part of it, or by the sum of any matrix part of the
    // method (every name is in scope at the return).
    Shapes atResult = new Shapes(m, locals.size());
    List<Expr> parts = new ArrayList<>(m.result().nodes().subList(1, m.result().nodes().size()));
    for (FuzzMethod.Local l : locals) {
      parts.addAll(l.value().nodes());
    }
    for (Expr part : parts) {
      Expr result = atResult.of(part).scalar() ? part : Expr.call("sum", part);
      FuzzMethod r = m.withBody(m.params(), locals, result, m.wrt());
      out.add(r);
      // Locals the new result leaves dead go in the same step: alone, the step may not be smaller.
      out.add(withoutDeadLocals(r));
    }
    // Subexpressions: hoist an operand of the same shape, or cut to a fresh parameter.
    for (int site = locals.size(); site >= 0; site--) {
      Expr root = site == locals.size() ? m.result() : locals.get(site).value();
      Shapes shapes = new Shapes(m, site);
      List<Expr> nodes = root.nodes();
      for (int k = 0; k < nodes.size(); k++) {
        Expr node = nodes.get(k);
        Shape s = shapes.of(node);
        for (Expr child : node.children()) {
          if (s.equals(shapes.of(child))) {
            out.add(replaceIn(m, site, root.replaceAt(k, e -> child)));
          }
        }
        if (node.size() > 1) {
          for (Expr by : replacements(m, s)) {
            FuzzMethod cut = replaceIn(m, site, root.replaceAt(k, e -> by));
            out.add(cut.withBody(withFresh(m, by, s), cut.locals(), cut.result(), m.wrt()));
          }
        }
      }
    }
    // Fewer gradients, no class name, smaller dimensions.
    List<String> wrt = m.wrtNames();
    if (wrt.size() > 1) {
      for (String w : wrt) {
        List<String> fewer = new ArrayList<>(wrt);
        fewer.remove(w);
        out.add(m.withBody(m.params(), locals, m.result(), fewer));
      }
    }
    if (m.wrt() != null) {
      out.add(m.withBody(m.params(), locals, m.result(), null));
    }
    if (m.generatedName() != null) {
      out.add(new FuzzMethod(m.name(), m.dims(), m.params(), locals, m.result(), m.wrt(), null));
    }
    for (int v = 1; v < m.dims().length; v++) {
      for (int smaller : new int[] {1, m.dims()[v] - 1}) {
        if (smaller >= 1 && smaller < m.dims()[v]) {
          int[] d = m.dims().clone();
          d[v] = smaller;
          out.add(m.withDims(d));
        }
      }
    }
    return out;
  }

  /** Candidate stand-ins for an expression of shape s: literals or a fresh parameter. */
  private List<Expr> replacements(FuzzMethod m, Shape s) {
    List<Expr> out = new ArrayList<>();
    if (s.scalar()) {
      out.add(new Num(0.5, false));
      out.add(new Ref(freshName(m, "s")));
    } else {
      String name = freshName(m, "F");
      if (s.rows() == s.cols()) {
        // Tagged by name so withFresh knows which role to draw: near-identity keeps inverses safe.
        out.add(new Ref(name + "I"));
      }
      out.add(new Ref(name));
    }
    return out;
  }

  /** The parameters of m plus the fresh one that {@code by} names, if it is fresh. */
  private List<Param> withFresh(FuzzMethod m, Expr by, Shape s) {
    List<Param> ps = new ArrayList<>(m.params());
    if (by instanceof Ref r && m.param(r.name()) == null && !isLocal(m, r.name())) {
      if (s.scalar()) {
        ps.add(Param.scalar(r.name(), 0.7));
      } else {
        Role role = r.name().endsWith("I") ? Role.NEAR_IDENTITY : Role.GENERAL;
        ps.add(Param.matrix(r.name(), s.rows(), s.cols(), role, r.name().hashCode() * 31L + 17));
      }
    }
    return ps;
  }

  private static FuzzMethod withoutDeadLocals(FuzzMethod m) {
    FuzzMethod out = m;
    for (int i = out.locals().size() - 1; i >= 0; i--) {
      if (dead(out, i)) {
        List<FuzzMethod.Local> fewer = new ArrayList<>(out.locals());
        fewer.remove(i);
        out = out.withBody(out.params(), fewer, out.result(), out.wrt());
      }
    }
    return out;
  }

  private static boolean dead(FuzzMethod m, int i) {
    String n = m.locals().get(i).name();
    for (int j = i + 1; j < m.locals().size(); j++) {
      if (m.locals().get(j).value().mentions(n)) {
        return false;
      }
    }
    return !m.result().mentions(n);
  }

  private static boolean isLocal(FuzzMethod m, String name) {
    return m.locals().stream().anyMatch(l -> l.name().equals(name));
  }

  /** m without local i, every use of it replaced by {@code by} (a stand-in or its own value). */
  private FuzzMethod dropLocal(FuzzMethod m, int i, Expr by) {
    String name = m.locals().get(i).name();
    Shape s = new Shapes(m, i).of(m.locals().get(i).value());
    List<FuzzMethod.Local> ls = new ArrayList<>();
    for (int j = 0; j < m.locals().size(); j++) {
      FuzzMethod.Local l = m.locals().get(j);
      if (j != i) {
        ls.add(j < i ? l : new FuzzMethod.Local(l.name(), l.matrix(), l.style(), l.value().substitute(name, by)));
      }
    }
    return m.withBody(withFresh(m, by, s), ls, m.result().substitute(name, by), m.wrt());
  }

  /** m with the expression at {@code site} (a local's index, or the result) replaced. */
  private static FuzzMethod replaceIn(FuzzMethod m, int site, Expr root) {
    if (site == m.locals().size()) {
      return m.withBody(m.params(), m.locals(), root, m.wrt());
    }
    List<FuzzMethod.Local> ls = new ArrayList<>(m.locals());
    FuzzMethod.Local l = ls.get(site);
    ls.set(site, new FuzzMethod.Local(l.name(), l.matrix(), l.style(), root));
    return m.withBody(m.params(), ls, m.result(), m.wrt());
  }

  /**
   * Drops parameters that nothing mentions (and their wrt names); null if no wrt name is left.
   * Dead locals stay: a parameter used only by one may be what the failure needs (a name clash),
   * so removing a dead local is a candidate of its own.
   */
  private static FuzzMethod withoutUnusedParams(FuzzMethod m) {
    List<FuzzMethod.Local> ls = m.locals();
    Set<String> used = new HashSet<>();
    for (Param p : m.params()) {
      boolean mentioned = m.result().mentions(p.name());
      for (FuzzMethod.Local l : ls) {
        mentioned |= l.value().mentions(p.name());
      }
      if (mentioned) {
        used.add(p.name());
      }
    }
    List<Param> ps = m.params().stream().filter(p -> used.contains(p.name())).toList();
    List<String> wrt = m.wrt() == null ? null : m.wrt().stream().filter(used::contains).toList();
    if (wrt != null && wrt.isEmpty()) {
      return null;
    }
    return m.withBody(ps, ls, m.result(), wrt);
  }

  private String freshName(FuzzMethod m, String prefix) {
    while (true) {
      String n = prefix + fresh++;
      if (m.param(n) == null && m.param(n + "I") == null && !isLocal(m, n) && !isLocal(m, n + "I")) {
        return n;
      }
    }
  }
}
