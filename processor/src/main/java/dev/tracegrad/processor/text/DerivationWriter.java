package dev.tracegrad.processor.text;

import dev.tracegrad.processor.derive.DerivationLog;
import dev.tracegrad.processor.derive.Sym;
import dev.tracegrad.processor.derive.TraceRule;
import dev.tracegrad.processor.text.MathPrinter.Feature;
import dev.tracegrad.processor.text.Notation.Token;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes the derivation text from a {@link DerivationLog}. The steps are grouped by the user's
 * intermediates: the loss, then each named local that depends on a wrt parameter, last to first.
 * Each group starts from tr(∂l/∂Zᵀ dZ) and expands the differentials of the unnamed
 * subexpressions inside Z's definition one after another, as on paper: one line for the
 * differential rule, one for the trace tricks (when they change the line), until only named
 * intermediates and parameters are left; then the adjoints are read off. An unnamed
 * subexpression gets a group of its own, with ∂l/∂(…) as its symbol, when inlining it would repeat
 * it (several groups reach it) or its adjoint grows past {@value #PROMOTE_LIMIT} characters. The
 * closed forms inline the intermediate adjoints, keeping one as a symbol (with its own line) when
 * the inlined form would pass {@value #INLINE_LIMIT} characters.
 *
 * <p>The text is laid out once, as structure; Unicode and ASCII are two printings of it, and every
 * layout decision (which lines to show, what to inline) is taken on the Unicode printing.
 */
final class DerivationWriter {
  static final int INLINE_LIMIT = 100;
  static final int PROMOTE_LIMIT = 40;

  /** A piece of a line, printed in a given notation. */
  private interface Piece {
    String render(MathPrinter p);
  }

  /** Literal text, spelled per notation. */
  private static Piece text(String unicode, String ascii) {
    return p -> p.notation() == Notation.UNICODE ? unicode : ascii;
  }

  private static Piece token(Token t) {
    return p -> p.notation().t(t);
  }

  /** An expression, printed by the notation's printer. */
  private static Piece math(Sym s) {
    return p -> p.print(s);
  }

  /** Terms joined with + and −, in the given order. */
  private static Piece sum(List<Sym> terms) {
    return p -> {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < terms.size(); i++) {
        MathPrinter.SignedText t = p.signed(terms.get(i));
        String minus = p.notation().t(Token.MINUS);
        if (i == 0) {
          sb.append(t.negative() ? minus : "").append(t.body());
        } else {
          sb.append(t.negative() ? " " + minus + " " : " + ").append(t.body());
        }
      }
      return sb.toString();
    };
  }

  private static String render(List<Piece> pieces, MathPrinter p) {
    return pieces.stream().map(x -> x.render(p)).collect(Collectors.joining());
  }

  /** One line of a group: "= …" or "⇒ …", with the rule numbers it used. */
  private record Row(boolean readOff, List<Piece> body, Set<TraceRule> rules) {}

  /** The steps for one intermediate: its left-hand side and rows. */
  private record Group(List<Piece> lhs, List<Row> rows) {}

  /** A term tr(Mᵀ dX) (m dX for a scalar X) pending in a group, and how it is shown now. */
  private record Pending(int x, Sym m, Sym shown) {}

  /** What group {@code root} adds to ∂l/∂X, in terms of ∂l/∂root. */
  private record Contribution(int root, Sym m) {}

  private final Program program;
  private final DerivationLog log;
  private final Graph graph;
  private final SymNormalizer normalizer;
  private final String loss;
  /** Decides layout; its text is the Unicode rendering. */
  private final MathPrinter judge;
  private final Map<Integer, List<Contribution>> contributions = new LinkedHashMap<>();
  private final List<Group> groups = new ArrayList<>();
  /** Unnamed nodes that get their own group. */
  private final Set<Integer> promoted = new TreeSet<>();
  /** For each unnamed node expanded inline: the groups that expanded it. */
  private final Map<Integer, Set<Integer>> expandedIn = new HashMap<>();
  /** Unnamed nodes whose adjoint grew past the limit where they were expanded. */
  private final Set<Integer> wide = new HashSet<>();

  DerivationWriter(Program program, DerivationLog log) {
    this.program = program;
    this.log = log;
    this.graph = log.graph();
    this.normalizer = new SymNormalizer(graph);
    this.loss = lossSymbol();
    this.judge = new MathPrinter(graph, Notation.UNICODE, loss);
    // Lay the groups out; promote an unnamed node that should have had its own group; repeat.
    // Promotions only grow, so this ends.
    while (true) {
      contributions.clear();
      groups.clear();
      expandedIn.clear();
      wide.clear();
      for (int root : groupRoots()) {
        List<Contribution> parts = contributions.getOrDefault(root, List.of());
        if (parts.size() > 1) {
          groups.add(total(root, parts));
        }
        groups.add(group(root));
      }
      Set<Integer> more = new TreeSet<>(wide);
      expandedIn.forEach((x, roots) -> {
        if (roots.size() > 1) {
          more.add(x);
        }
      });
      more.removeAll(promoted);
      if (more.isEmpty()) {
        break;
      }
      // One at a time, the last first: its own group shortens the adjoints of the nodes below it.
      promoted.add(((TreeSet<Integer>) more).last());
    }
  }

  DerivationText write() {
    List<List<Piece>> closed = closedFormLines();
    return new DerivationText(render(Notation.UNICODE, closed), render(Notation.ASCII, closed));
  }

  // ---------------------------------------------------------------- names

  /** l, or f or loss when the user has an l; the user's own name when the loss is a local. */
  private String lossSymbol() {
    if (graph.name(log.loss()).isPresent() && !graph.node(log.loss()).inputs().isEmpty()) {
      return graph.name(log.loss()).get();
    }
    Set<String> taken = new HashSet<>(graph.names().values());
    program.params().forEach(p -> taken.add(p.name()));
    for (String candidate : List.of("l", "f", "loss", "L", "J")) {
      if (!taken.contains(candidate)) {
        return candidate;
      }
    }
    String s = "loss";
    while (taken.contains(s)) {
      s += "_";
    }
    return s;
  }

  /** Whether the user named the node (a local or a parameter): such nodes stay symbols in the steps. */
  private boolean named(int id) {
    return graph.name(id).isPresent() || graph.node(id) instanceof Node.Param || graph.node(id) instanceof Node.ScalarParam;
  }

  // ---------------------------------------------------------------- steps

  /** The loss, then every named or promoted intermediate with a step, last to first. */
  private List<Integer> groupRoots() {
    List<Integer> roots = new ArrayList<>();
    boolean lossIsWrt = program.wrtParams().stream().anyMatch(p -> graph.find(p.node()).orElse(-1) == log.loss());
    if (log.step(log.loss()).isPresent() || lossIsWrt) {
      roots.add(log.loss());
    }
    for (DerivationLog.AdjointStep s : log.steps()) {
      if (s.node() != log.loss() && (graph.name(s.node()).isPresent() || promoted.contains(s.node()))) {
        roots.add(s.node());
      }
    }
    return roots;
  }

  /** tr(Mᵀ dX), or m dX for a scalar X, shown with M's transpose kept visible. */
  private Sym readOffForm(int x, Sym m) {
    if (graph.isScalar(x)) {
      return normalizer.normalize(Sym.smul(m, Sym.d(x)));
    }
    boolean negative = SymNormalizer.isNegative(m);
    Sym body = negative ? normalizer.negated(m) : m;
    // M keeps its outer transpose so that it stays visible, tr((W2ᵀ ∂l/∂a2)ᵀ dh1), unless the
    // transpose folds away: tr((Aᵀ)ᵀ dX) = tr(A dX), (𝟏𝟏ᵀ)ᵀ = 𝟏𝟏ᵀ, tr(Iᵀ dX) = tr(dX).
    Node op = body instanceof Sym.Applied a ? a.op() : null;
    boolean tidy = op instanceof Node.Transpose || op instanceof Node.Fill || op instanceof Node.Eye
        || op instanceof Node.Scale || op instanceof Node.BroadcastCols || op instanceof Node.BroadcastRows;
    Sym term = tidy
        ? normalizer.normalize(Sym.tr(Sym.mul(normalizer.normalize(Sym.t(body)), Sym.d(x)))) // tr(I dX) = tr(dX)
        : Sym.tr(Sym.mul(Sym.t(body), Sym.d(x)));
    return negative ? Sym.sneg(term) : term;
  }

  /**
   * The steps for one intermediate: start from tr(∂l/∂rootᵀ d root) (dl for the loss, whose adjoint
   * is 1) and expand the unnamed nodes inside the root's definition until only named ones are left.
   */
  private Group group(int root) {
    boolean isLoss = root == log.loss();
    Sym start = isLoss ? Sym.num(1) : Sym.adj(root);
    List<Piece> lhs = isLoss
        ? List.of(token(Token.DIFFERENTIAL), text(loss, Notation.ASCII.name(loss)))
        : List.of(math(readOffForm(root, start)));
    List<Pending> state = new ArrayList<>(List.of(new Pending(root, start, readOffForm(root, start))));
    List<Row> rows = new ArrayList<>();
    boolean first = true;
    while (true) {
      int x = next(state, root, first);
      first = false;
      if (x < 0) {
        break;
      }
      if (x != root) {
        expandedIn.computeIfAbsent(x, k -> new HashSet<>()).add(root);
      }
      expand(x, root, state, rows);
    }
    if (rows.isEmpty()) {
      rows.add(new Row(false, List.of(sum(state.stream().map(Pending::shown).toList())), Set.of()));
    }
    rows.add(readOff(root, state));
    return new Group(lhs, rows);
  }

  /** ∂l/∂X = the sum of the terms several groups read off for X [11]. */
  private Group total(int x, List<Contribution> parts) {
    Sym sum = null;
    for (Contribution c : parts) {
      sum = sum == null ? c.m() : graph.isScalar(x) ? Sym.sadd(sum, c.m()) : Sym.add(sum, c.m());
    }
    return new Group(List.of(math(Sym.adj(x))), List.of(new Row(false, List.of(math(normalizer.normalize(sum))), Set.of(TraceRule.TRACE_IS_LINEAR))));
  }

  /** The pending term to expand next: the group's root first, then the last unnamed node. */
  private int next(List<Pending> state, int root, boolean first) {
    if (first) {
      return log.step(root).isPresent() ? root : -1;
    }
    int best = -1;
    for (Pending p : state) {
      if (!named(p.x()) && !promoted.contains(p.x()) && log.step(p.x()).isPresent()) {
        best = Math.max(best, p.x());
      }
    }
    return best;
  }

  /** Replaces the terms in dX by X's differential rule, then by the read-off forms. */
  private void expand(int x, int root, List<Pending> state, List<Row> rows) {
    // All terms in dX are merged first (rule 11), so X's rule is applied once to ∂l/∂X as a whole;
    // the other pending terms keep their place in the line.
    Sym m = null;
    int position = -1;
    List<Pending> before = new ArrayList<>();
    List<Pending> after = new ArrayList<>();
    for (Pending p : state) {
      if (p.x() == x) {
        m = m == null ? p.m() : normalizer.normalize(graph.isScalar(x) ? Sym.sadd(m, p.m()) : Sym.add(m, p.m()));
        position = position < 0 ? before.size() : position;
      } else if (position < 0) {
        before.add(p);
      } else {
        after.add(p);
      }
    }
    boolean merged = state.stream().filter(p -> p.x() == x).count() > 1;
    if (x != root && width(judge.print(m)) > PROMOTE_LIMIT) {
      wide.add(x);
    }
    List<Sym> expanded = new ArrayList<>();
    List<Pending> replaced = new ArrayList<>();
    Set<TraceRule> rules = EnumSet.noneOf(TraceRule.class);
    Set<TraceRule> tricks = EnumSet.noneOf(TraceRule.class);
    for (DerivationLog.Term t : log.step(x).orElseThrow().terms()) {
      for (Sym e : t.expanded()) {
        expanded.add(normalizer.normalize(e.substitute(x, m)));
      }
      Sym readOff = normalizer.normalize(t.readOff().substitute(x, m));
      Sym shown = t.rearranged() != null
          ? normalizer.normalize(t.rearranged().substitute(x, m))
          : readOffForm(t.operand(), readOff);
      replaced.add(new Pending(t.operand(), readOff, shown));
      rules.addAll(t.rules());
      tricks.addAll(t.tricks());
    }
    if (merged || expanded.size() > 1) {
      rules.add(TraceRule.TRACE_IS_LINEAR);
    }
    List<Sym> lineA = new ArrayList<>();
    before.forEach(p -> lineA.add(p.shown()));
    lineA.addAll(expanded);
    after.forEach(p -> lineA.add(p.shown()));
    List<Sym> lineB = new ArrayList<>();
    before.forEach(p -> lineB.add(p.shown()));
    replaced.forEach(p -> lineB.add(p.shown()));
    after.forEach(p -> lineB.add(p.shown()));
    Row a = new Row(false, List.of(sum(lineA)), rules);
    rows.add(a);
    Row b = new Row(false, List.of(sum(lineB)), tricks);
    // The tricks line only when it says something new (e.g. not after a rule that already reads
    // tr(Mᵀ dA), like d(A + B) or a scalar chain)
    if (!render(b.body(), judge).equals(render(a.body(), judge))) {
      rows.add(b);
    }
    state.clear();
    state.addAll(before);
    state.addAll(replaced);
    state.addAll(after);
  }

  /** ⇒ ∂l/∂X = M for each X left in the group, in order of appearance; records the contributions. */
  private Row readOff(int root, List<Pending> state) {
    Map<Integer, Sym> byNode = new LinkedHashMap<>();
    for (Pending p : state) {
      byNode.merge(p.x(), p.m(), (u, v) -> graph.isScalar(p.x()) ? Sym.sadd(u, v) : Sym.add(u, v));
    }
    List<Piece> body = new ArrayList<>();
    for (Map.Entry<Integer, Sym> e : byNode.entrySet()) {
      int x = e.getKey();
      Sym m = normalizer.normalize(e.getValue());
      contributions.computeIfAbsent(x, k -> new ArrayList<>()).add(new Contribution(root, m));
      if (!body.isEmpty()) {
        body.add(text(",  ", ",  "));
      }
      body.add(math(Sym.adj(x)));
      // Decided when printed, once every group has read off: one of several terms of ∂l/∂X adds.
      body.add(p -> contributions.get(x).size() > 1 ? " += " : " = ");
      body.add(math(m));
    }
    return new Row(true, body, Set.of());
  }

  // ---------------------------------------------------------------- closed forms

  /** ∂l/∂X with the adjoints of intermediates inlined {@code depth} levels deep (0 if unused). */
  private Sym inline(int x, int depth) {
    List<Contribution> cs = contributions.get(x);
    if (cs == null) {
      return Sym.num(0);
    }
    Sym sum = null;
    for (Contribution c : cs) {
      Sym m = c.root() == log.loss() ? c.m()
          : c.m().substitute(c.root(), depth > 0 ? inline(c.root(), depth - 1) : Sym.adj(c.root()));
      sum = sum == null ? m : graph.isScalar(x) ? Sym.sadd(sum, m) : Sym.add(sum, m);
    }
    return sum;
  }

  /** The fully inlined ∂l/∂X, normalised (for tests: it must compute the gradient). */
  Sym inlinedGradient(int x) {
    return normalizer.normalize(inline(x, groups.size() + 1));
  }

  /** The deepest inlining that stays within the limit (at least the read-off itself). */
  private Sym closedForm(int x) {
    for (int depth = groups.size() + 1; depth > 0; depth--) {
      Sym form = normalizer.normalize(inline(x, depth));
      if (judge.print(form).codePointCount(0, judge.print(form).length()) <= INLINE_LIMIT) {
        return form;
      }
    }
    return normalizer.normalize(inline(x, 0));
  }

  /**
   * One line per wrt parameter, in wrt order, preceded by the lines of the intermediates kept as
   * symbols (last first, so that every symbol is defined above its use).
   */
  private List<List<Piece>> closedFormLines() {
    Map<Integer, Sym> intermediates = new HashMap<>();
    List<Integer> pending = new ArrayList<>();
    List<List<Piece>> wrtLines = new ArrayList<>();
    for (Parameter p : program.wrtParams()) {
      int id = graph.find(p.node()).orElse(-1);
      Sym form = id >= 0 ? closedForm(id) : Sym.num(0);
      collectSymbols(form, pending);
      Piece lhs = id >= 0 ? math(Sym.adj(id)) : adjointOfAbsent(p);
      wrtLines.add(List.of(lhs, text(" = ", " = "), math(form)));
    }
    while (!pending.isEmpty()) {
      int r = pending.remove(0);
      if (!intermediates.containsKey(r)) {
        Sym form = closedForm(r);
        intermediates.put(r, form);
        collectSymbols(form, pending);
      }
    }
    List<List<Piece>> lines = new ArrayList<>();
    intermediates.keySet().stream().sorted((a, b) -> Integer.compare(b, a))
        .forEach(r -> lines.add(List.of(math(Sym.adj(r)), text(" = ", " = "), math(intermediates.get(r)))));
    lines.addAll(wrtLines);
    return lines;
  }

  /** ∂l/∂p for a parameter the graph does not contain (the loss does not use it). */
  private Piece adjointOfAbsent(Parameter p) {
    return q -> {
      String d = q.notation().t(Token.PARTIAL);
      String l = q.notation().name(loss);
      return d + l + "/" + d + q.notation().name(p.name());
    };
  }

  /** The nodes whose adjoint the expression still mentions as a symbol. */
  private static void collectSymbols(Sym s, List<Integer> acc) {
    if (s instanceof Sym.Adjoint a) {
      acc.add(a.id());
    } else if (s instanceof Sym.Applied a) {
      a.args().forEach(x -> collectSymbols(x, acc));
    }
  }

  // ---------------------------------------------------------------- layout

  /** The whole text in one notation: header, a blank line, the groups, the closed forms. */
  private String render(Notation notation, List<List<Piece>> closed) {
    MathPrinter p = new MathPrinter(graph, notation, notation.name(loss));
    List<String> body = new ArrayList<>();
    for (Group g : groups) {
      body.addAll(layout(g, p));
      body.add("");
    }
    if (groups.isEmpty()) {
      body.add(notation.t(Token.DIFFERENTIAL) + notation.name(loss) + " = 0");
      body.add("");
    }
    for (List<Piece> line : closed) {
      body.add(render(line, p));
    }
    List<String> lines = new ArrayList<>(header(p));
    lines.add("");
    lines.addAll(body);
    return String.join("\n", lines) + "\n";
  }

  /** The group's lines: continuation lines aligned under the first "=", rule numbers in one column. */
  private List<String> layout(Group g, MathPrinter p) {
    String lhs = render(g.lhs(), p);
    String pad = " ".repeat(width(lhs));
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < g.rows().size(); i++) {
      Row r = g.rows().get(i);
      String op = r.readOff() ? " " + p.notation().t(Token.IMPLIES) + " " : " = ";
      texts.add((i == 0 ? lhs : pad) + op + render(r.body(), p));
    }
    int column = texts.stream().mapToInt(DerivationWriter::width).max().orElse(0) + 3;
    List<String> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      Set<TraceRule> rules = g.rows().get(i).rules();
      String t = texts.get(i);
      out.add(rules.isEmpty() ? t : t + " ".repeat(column - width(t)) + rules.stream()
          .map(r -> String.valueOf(r.number())).collect(Collectors.joining(", ", "[", "]")));
    }
    return out;
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }

  /** What is differentiated with respect to what, the locals, and the notation used. */
  private List<String> header(MathPrinter p) {
    Notation n = p.notation();
    List<String> lines = new ArrayList<>();
    String wrt = program.wrtParams().stream().map(x -> n.name(x.name())).collect(Collectors.joining(", "));
    lines.add(n.name(loss) + " = " + p.print(definition(log.loss())) + ", differentiated with respect to " + wrt);
    List<String> locals = new ArrayList<>();
    for (int id : graph.reachable(List.of(log.loss())).stream().boxed().toList()) {
      if (id != log.loss() && graph.name(id).isPresent() && !graph.node(id).inputs().isEmpty()) {
        locals.add(n.name(graph.name(id).get()) + " = " + p.print(definition(id)));
      }
    }
    if (!locals.isEmpty()) {
      lines.add("where " + String.join(", ", locals));
    }
    String d = n.t(Token.DIFFERENTIAL);
    String partial = n.t(Token.PARTIAL);
    String l = n.name(loss);
    List<String> legend = new ArrayList<>();
    legend.add(d + l + " = tr(G" + n.t(Token.TRANSPOSE) + " " + d + "X) " + n.t(Token.IMPLIES) + " "
        + partial + l + "/" + partial + "X = G; [n] cites rule n of the trace method");
    if (contributions.values().stream().anyMatch(c -> c.size() > 1)) {
      legend.add("+= adds one of several terms");
    }
    Set<Feature> used = p.used();
    if (used.contains(Feature.HADAMARD)) {
      legend.add(n.t(Token.HADAMARD).strip() + " is the elementwise product");
    }
    if (used.contains(Feature.QUOTIENT)) {
      legend.add("/ divides elementwise");
    }
    if (used.contains(Feature.ONES)) {
      legend.add(n.t(Token.ONES) + " is a vector of ones");
    }
    if (used.contains(Feature.SCALE_COLUMNS)) {
      legend.add("A(r) = A" + n.t(Token.DIAG_DOT) + "diag(r)");
    }
    lines.add(String.join("; ", legend));
    return lines;
  }

  /** The node's own definition, one level: the loss or a local as the user wrote it. */
  private Sym definition(int id) {
    Node node = graph.node(id);
    if (node.inputs().isEmpty()) {
      return Sym.ref(id);
    }
    return new Sym.Applied(node, node.inputs().stream().map(Sym::ref).toList());
  }
}
