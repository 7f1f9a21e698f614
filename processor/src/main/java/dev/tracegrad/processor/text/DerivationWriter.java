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

  /** An expression, printed by the notation's printer, with its break marks. */
  private static Piece math(Sym s) {
    return p -> p.printBreakable(s);
  }

  /** Terms joined with + and −, in the given order. */
  private static Piece sum(List<Sym> terms) {
    return sum(terms, null);
  }

  /**
   * Terms joined with + and −; a run of terms carried unchanged from the line above (where
   * {@code carried} says so) is written as one "…" with the sign of its first term.
   */
  private static Piece sum(List<Sym> terms, List<Boolean> carried) {
    return p -> {
      StringBuilder sb = new StringBuilder();
      String minus = p.notation().t(Token.MINUS);
      for (int i = 0; i < terms.size(); i++) {
        boolean elided = carried != null && carried.get(i);
        if (elided && i > 0 && carried.get(i - 1)) {
          continue; // part of the run already written as "…"
        }
        MathPrinter.SignedText t = p.signed(terms.get(i));
        String body = elided ? p.notation().t(Token.ELLIPSIS) : t.body();
        if (sb.isEmpty()) {
          sb.append(t.negative() ? minus : "").append(body);
        } else {
          // no break before a "…": it goes with the line it ends
          sb.append(elided ? "" : String.valueOf(MathPrinter.BREAK)).append(t.negative() ? " " + minus + " " : " + ").append(body);
        }
      }
      return sb.toString();
    };
  }

  /** The pieces printed, with their break marks. */
  private static String render(List<Piece> pieces, MathPrinter p) {
    return pieces.stream().map(x -> x.render(p)).collect(Collectors.joining());
  }

  /**
   * One line of a group: "= …" (a sum of {@code terms}, {@code carried} marking those unchanged
   * from the line above) or "⇒ …" (a read-off, {@code body}), with the rule numbers it used.
   */
  private record Row(boolean readOff, List<Piece> body, Set<TraceRule> rules, List<Sym> terms, List<Boolean> carried) {
    static Row step(List<Sym> terms, List<Boolean> carried, Set<TraceRule> rules) {
      return new Row(false, List.of(sum(terms)), rules, List.copyOf(terms), List.copyOf(carried));
    }

    /** The body to print: carried terms as "…" unless the line is to be shown in full. */
    List<Piece> shown(boolean full) {
      return full || terms == null || !carried.contains(true) ? body : List.of(sum(terms, carried));
    }
  }

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
    this.judge = new MathPrinter(graph, Notation.UNICODE, loss, program.shownNames());
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
    return render(closedFormLines());
  }

  // ---------------------------------------------------------------- names

  /** l, or f or loss when the user has an l; the user's own name when the loss is a local. */
  private String lossSymbol() {
    return lossSymbol(program, graph, log.loss());
  }

  /** {@link #lossSymbol()} for a loss node of a graph. */
  static String lossSymbol(Program program, Graph graph, int lossNode) {
    if (graph.name(lossNode).isPresent() && !graph.node(lossNode).inputs().isEmpty()) {
      return graph.name(lossNode).get();
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
      List<Sym> terms = state.stream().map(Pending::shown).toList();
      rows.add(Row.step(terms, terms.stream().map(x -> false).toList(), Set.of()));
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
    Sym total = normalizer.normalize(sum);
    return new Group(List.of(math(Sym.adj(x))), List.of(Row.step(List.of(total), List.of(false), Set.of(TraceRule.TRACE_IS_LINEAR))));
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
    List<List<Sym>> expandedPerTerm = new ArrayList<>();
    Set<TraceRule> rules = EnumSet.noneOf(TraceRule.class);
    Set<TraceRule> tricks = EnumSet.noneOf(TraceRule.class);
    for (DerivationLog.Term t : log.step(x).orElseThrow().terms()) {
      List<Sym> own = new ArrayList<>();
      for (Sym e : t.expanded()) {
        own.add(normalizer.normalize(e.substitute(x, m)));
      }
      expanded.addAll(own);
      expandedPerTerm.add(own);
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
    // Without a trace trick there is no line for the read-off form: each term stays as the rule
    // wrote it (tr(Gᵀ A dB), ds tr(GᵀA)) and is read off from that form.
    boolean oneEach = expandedPerTerm.stream().allMatch(e -> e.size() == 1);
    if (tricks.isEmpty() && oneEach) {
      for (int i = 0; i < replaced.size(); i++) {
        Pending r = replaced.get(i);
        replaced.set(i, new Pending(r.x(), r.m(), expandedPerTerm.get(i).get(0)));
      }
    }
    List<Sym> lineA = new ArrayList<>();
    List<Boolean> carriedA = new ArrayList<>();
    before.forEach(p -> {
      lineA.add(p.shown());
      carriedA.add(true);
    });
    expanded.forEach(e -> {
      lineA.add(e);
      carriedA.add(false);
    });
    after.forEach(p -> {
      lineA.add(p.shown());
      carriedA.add(true);
    });
    List<Sym> lineB = new ArrayList<>();
    List<Boolean> carriedB = new ArrayList<>();
    before.forEach(p -> {
      lineB.add(p.shown());
      carriedB.add(true);
    });
    replaced.forEach(p -> {
      lineB.add(p.shown());
      carriedB.add(false);
    });
    after.forEach(p -> {
      lineB.add(p.shown());
      carriedB.add(true);
    });
    Row a = Row.step(lineA, carriedA, rules);
    rows.add(a);
    Row b = Row.step(lineB, carriedB, tricks);
    // The tricks line only when it says something new (e.g. not after a rule that already reads
    // tr(Mᵀ dA), like d(A + B) or a scalar chain)
    if (!MathPrinter.strip(render(b.body(), judge)).equals(MathPrinter.strip(render(a.body(), judge)))) {
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
        body.add(text("," + MathPrinter.BREAK + "  ", "," + MathPrinter.BREAK + "  "));
      }
      body.add(math(Sym.adj(x)));
      // Decided when printed, once every group has read off: one of several terms of ∂l/∂X adds.
      body.add(p -> contributions.get(x).size() > 1 ? " += " : " = ");
      body.add(math(m));
    }
    return new Row(true, body, Set.of(), null, null);
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

  /** The widest a line is, in code points, in both renderings (unless one piece is wider). */
  static final int LINE_LIMIT = 100;

  /** Lines in both renderings, in step. */
  record Both(List<String> unicode, List<String> ascii) {
    Both() {
      this(new ArrayList<>(), new ArrayList<>());
    }

    void add(String u, String a) {
      unicode.add(u);
      ascii.add(a);
    }

    void addAll(Both b) {
      unicode.addAll(b.unicode());
      ascii.addAll(b.ascii());
    }

    List<String> of(int r) {
      return r == 0 ? unicode : ascii;
    }
  }

  /** The whole text: header, a blank line, the groups, the closed forms; Unicode and ASCII. */
  private DerivationText render(List<List<Piece>> closed) {
    MathPrinter[] ps = {
        new MathPrinter(graph, Notation.UNICODE, loss, program.shownNames()),
        new MathPrinter(graph, Notation.ASCII, Notation.ASCII.name(loss), program.shownNames())};
    Both body = new Both();
    for (Group g : groups) {
      body.addAll(layout(g, ps));
      body.add("", "");
    }
    if (groups.isEmpty()) {
      body.add(Notation.UNICODE.t(Token.DIFFERENTIAL) + loss + " = 0",
          Notation.ASCII.t(Token.DIFFERENTIAL) + Notation.ASCII.name(loss) + " = 0");
      body.add("", "");
    }
    for (List<Piece> line : closed) {
      String[] prefix = new String[2];
      String[] text = new String[2];
      int[] indent = new int[2];
      for (int r = 0; r < 2; r++) {
        prefix[r] = MathPrinter.strip(render(line.subList(0, 2), ps[r]));
        text[r] = render(line.subList(2, line.size()), ps[r]);
        indent[r] = width(prefix[r]) + 2;
      }
      body.addAll(wrap(prefix, text, LINE_LIMIT, indent));
    }
    Both all = header(ps);
    all.add("", "");
    all.addAll(body);
    return new DerivationText(String.join("\n", all.unicode()) + "\n", String.join("\n", all.ascii()) + "\n");
  }

  /**
   * The group's lines: continuation lines aligned under the first "=", rule numbers in one column
   * on the last line of their step; a step wider than the line limit is broken at its marks, its
   * further lines indented by two more. Carried terms print as "…" except on the first and the
   * last step, which are written in full.
   */
  private Both layout(Group g, MathPrinter[] ps) {
    int maxRules = g.rows().stream().filter(r -> !r.rules().isEmpty())
        .mapToInt(r -> width(citation(r.rules()))).max().orElse(0);
    int textLimit = LINE_LIMIT - (maxRules > 0 ? 3 + maxRules : 0);
    int lastStep = -1;
    for (int i = 0; i < g.rows().size(); i++) {
      lastStep = g.rows().get(i).readOff() ? lastStep : i;
    }
    Both lines = new Both();
    List<Integer> citedLine = new ArrayList<>();
    List<Set<TraceRule>> citedRules = new ArrayList<>();
    String[] lhs = new String[2];
    for (int r = 0; r < 2; r++) {
      lhs[r] = MathPrinter.strip(render(g.lhs(), ps[r]));
    }
    for (int i = 0; i < g.rows().size(); i++) {
      Row row = g.rows().get(i);
      String[] prefix = new String[2];
      String[] text = new String[2];
      int[] indent = new int[2];
      for (int r = 0; r < 2; r++) {
        String op = row.readOff() ? " " + ps[r].notation().t(Token.IMPLIES) + " " : " = ";
        prefix[r] = (i == 0 ? lhs[r] : " ".repeat(width(lhs[r]))) + op;
        text[r] = render(row.shown(i == 0 || i == lastStep), ps[r]);
        indent[r] = width(prefix[r]) + 2;
      }
      lines.addAll(wrap(prefix, text, row.rules().isEmpty() ? LINE_LIMIT : textLimit, indent));
      if (!row.rules().isEmpty()) {
        citedLine.add(lines.unicode().size() - 1);
        citedRules.add(row.rules());
      }
    }
    for (int r = 0; r < 2; r++) {
      List<String> ls = lines.of(r);
      int widest = ls.stream().mapToInt(DerivationWriter::width).max().orElse(0);
      if (widest + 3 + maxRules > LINE_LIMIT) {
        // only the cited lines, which fit, decide the column
        widest = 0;
        for (int k = 0; k < citedLine.size(); k++) {
          widest = Math.max(widest, width(ls.get(citedLine.get(k))));
        }
      }
      int column = widest + 3;
      for (int k = 0; k < citedLine.size(); k++) {
        int at = citedLine.get(k);
        String t = ls.get(at);
        ls.set(at, t + " ".repeat(Math.max(1, column - width(t))) + citation(citedRules.get(k)));
      }
    }
    return lines;
  }

  /** Whether some step prints carried terms as "…" (neither the first nor the last of its group). */
  private boolean anyElided() {
    for (Group g : groups) {
      int lastStep = -1;
      for (int i = 0; i < g.rows().size(); i++) {
        lastStep = g.rows().get(i).readOff() ? lastStep : i;
      }
      for (int i = 1; i < lastStep; i++) {
        Row row = g.rows().get(i);
        if (!row.readOff() && row.carried() != null && row.carried().contains(true)) {
          return true;
        }
      }
    }
    return false;
  }

  static String citation(Set<TraceRule> rules) {
    return rules.stream().map(r -> String.valueOf(r.number())).collect(Collectors.joining(", ", "[", "]"));
  }

  /** The legend's lines for the notations the printed text used (⊙, elementwise /, 𝟏, A(r)). */
  static List<String> notationLegend(Notation n, Set<Feature> used) {
    List<String> legend = new ArrayList<>();
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
    return legend;
  }

  /**
   * One logical line, broken at its {@link MathPrinter#BREAK} marks so that both renderings fit
   * in {@code limit} code points where they can: the first line is {@code prefix} and the start of
   * the text, every further line {@code indent} spaces and the next part. The breaks are the same
   * in both renderings (the marks are the same); among the breaks that fit, the one least deep in
   * parentheses, and of those the last.
   */
  static Both wrap(String[] prefix, String[] text, int limit, int[] indent) {
    String mark = String.valueOf(MathPrinter.BREAK);
    List<List<String>> segs = List.of(
        List.of(text[0].split(mark, -1)), List.of(text[1].split(mark, -1)));
    Both out = new Both();
    int n = segs.get(0).size();
    if (n != segs.get(1).size()) {
      out.add(prefix[0] + MathPrinter.strip(text[0]), prefix[1] + MathPrinter.strip(text[1]));
      return out;
    }
    int[] depth = new int[n];
    int d = 0;
    for (int k = 0; k < n; k++) {
      depth[k] = d;
      for (char c : segs.get(0).get(k).toCharArray()) {
        d += c == '(' ? 1 : c == ')' ? -1 : 0;
      }
    }
    List<Integer> cuts = new ArrayList<>(List.of(0));
    int start = 0;
    while (!fits(segs, prefix, indent, cuts.size() == 1, start, n, limit)) {
      int best = -1;
      int bestDepth = Integer.MAX_VALUE;
      for (int k = start + 1; k < n && fits(segs, prefix, indent, cuts.size() == 1, start, k, limit); k++) {
        if (depth[k] <= bestDepth) {
          best = k;
          bestDepth = depth[k];
        }
      }
      if (best < 0) {
        if (start + 1 >= n) {
          break; // one piece wider than the line: it stays whole
        }
        best = start + 1;
      }
      cuts.add(best);
      start = best;
    }
    cuts.add(n);
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c + 1 < cuts.size(); c++) {
        String piece = String.join("", segs.get(r).subList(cuts.get(c), cuts.get(c + 1)));
        out.of(r).add(c == 0 ? prefix[r] + piece : " ".repeat(indent[r]) + piece.stripLeading());
      }
    }
    return out;
  }

  /** Whether segments [from, to) fit on one line in both renderings. */
  private static boolean fits(List<List<String>> segs, String[] prefix, int[] indent, boolean first,
      int from, int to, int limit) {
    for (int r = 0; r < 2; r++) {
      String piece = String.join("", segs.get(r).subList(from, to));
      int w = first ? width(prefix[r]) + width(piece) : indent[r] + width(piece.stripLeading());
      if (w > limit) {
        return false;
      }
    }
    return true;
  }

  static int width(String s) {
    return s.codePointCount(0, s.length());
  }

  /** What is differentiated with respect to what, the locals, and the notation used. */
  private Both header(MathPrinter[] ps) {
    String[][] texts = new String[3][2];
    String[] prefix = new String[2];
    boolean hasLocals = false;
    for (int r = 0; r < 2; r++) {
      MathPrinter p = ps[r];
      Notation n = p.notation();
      String mark = String.valueOf(MathPrinter.BREAK);
      String wrt = program.wrtParams().stream().map(x -> n.name(x.name())).collect(Collectors.joining(", "));
      prefix[r] = n.name(loss) + " = ";
      texts[0][r] = p.printDefinition(definition(log.loss())) + "," + mark + " differentiated with respect to " + wrt;
      List<String> locals = localDefinitions(graph, log.loss(), p);
      hasLocals = !locals.isEmpty();
      texts[1][r] = "where " + String.join("," + mark + " ", locals);
      String d = n.t(Token.DIFFERENTIAL);
      String partial = n.t(Token.PARTIAL);
      String l = n.name(loss);
      List<String> legend = new ArrayList<>();
      legend.add(d + l + " = tr(G" + n.t(Token.TRANSPOSE) + " " + d + "X) " + n.t(Token.IMPLIES) + " "
          + partial + l + "/" + partial + "X = G; [n] cites rule n of the trace method");
      if (contributions.values().stream().anyMatch(c -> c.size() > 1)) {
        legend.add("+= adds one of several terms");
      }
      legend.addAll(notationLegend(n, p.used()));
      if (anyElided()) {
        legend.add(n.t(Token.ELLIPSIS) + " stands for terms unchanged from the line above");
      }
      texts[2][r] = String.join(";" + mark + " ", legend);
    }
    Both out = new Both();
    int[] indent = {4, 4};
    out.addAll(wrap(prefix, texts[0], LINE_LIMIT, indent));
    if (hasLocals) {
      out.addAll(wrap(new String[] {"", ""}, texts[1], LINE_LIMIT, indent));
    }
    out.addAll(wrap(new String[] {"", ""}, texts[2], LINE_LIMIT, indent));
    return out;
  }

  /** The node's own definition, one level: the loss or a local as the user wrote it. */
  private Sym definition(int id) {
    return definition(graph, id);
  }

  /** A node's own definition in {@code graph}, one level: its op applied to its operands. */
  static Sym definition(Graph graph, int id) {
    Node node = graph.node(id);
    if (node.inputs().isEmpty()) {
      return Sym.ref(id);
    }
    return new Sym.Applied(node, node.inputs().stream().map(Sym::ref).toList());
  }

  /** The user's named locals the loss reads, in id order, each as {@code name = definition}. */
  static List<String> localDefinitions(Graph graph, int loss, MathPrinter p) {
    List<String> out = new ArrayList<>();
    for (int id : graph.reachable(List.of(loss)).stream().boxed().toList()) {
      if (id != loss && graph.name(id).isPresent() && !graph.node(id).inputs().isEmpty()) {
        out.add(p.notation().name(graph.name(id).get()) + " = " + p.printDefinition(definition(graph, id)));
      }
    }
    return out;
  }
}
