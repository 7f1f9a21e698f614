package dev.tracegrad.processor.text;

import dev.tracegrad.processor.derive.Sym;
import dev.tracegrad.processor.derive.Tangents;
import dev.tracegrad.processor.derive.TraceRule;
import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.text.DerivationWriter.Both;
import dev.tracegrad.processor.text.Notation.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes {@code HVP_DERIVATION}: the Hessian-vector products as the differentials of the
 * gradients' closed forms along the directions, dG[V] with dX = vX for each wrt parameter X, the
 * differential rules 1–8 applied forward one level per line, in the style of {@code DERIVATION}.
 *
 * <p>The text is read off the tangents the derive stage computes ({@link Tangents#trace}) for the
 * simplified gradients, as {@code DERIVATION} writes them: the tangent of a node, written over its
 * operands' tangents as differentials, is one line's expansion of d(node). (The generated code
 * applies the same rules to the gradients as prepared for lowering.) First the differentials of the user's
 * intermediates that the products need, in the order they are computed, each expanded until only
 * differentials of named values and the directions remain; then, per wrt parameter, the
 * differential of its gradient's closed form, expanded the same way.
 */
public final class HvpDerivationWriter {
  private final Program program;
  private final Derivation gradients;
  private final Tangents.Traced trace;
  private final Graph graph;
  private final String loss;
  /** For each tangent node, the first node of the derivation whose tangent it is. */
  private final Map<Integer, Integer> owner = new HashMap<>();

  private HvpDerivationWriter(Program program, Derivation gradients, Tangents.Traced trace) {
    this.program = program;
    this.gradients = gradients;
    this.trace = trace;
    this.graph = trace.hvp().graph();
    for (int id = 0; id < trace.original(); id++) {
      int t = trace.tangent(id);
      if (t >= 0) {
        owner.putIfAbsent(t, id);
      }
    }
    this.loss = DerivationWriter.lossSymbol(program, gradients.graph(), gradients.loss());
  }

  /**
   * The text of dG[V] for the derivation {@code gradients} (the one the tangents were taken of).
   */
  public static DerivationText render(Program program, Derivation gradients, Tangents.Traced trace) {
    if (DerivationText.largestTree(trace.hvp().graph()) > DerivationText.MAX_TREE_SIZE) {
      return tooLarge(program);
    }
    return new HvpDerivationWriter(program, gradients, trace).write();
  }

  private static DerivationText tooLarge(Program program) {
    String wrt = program.wrtParams().stream().map(Parameter::name).collect(Collectors.joining(", "));
    String note = "The step-by-step derivation is not printed: written out in full, its expressions"
        + " would have more than " + DerivationText.MAX_TREE_SIZE + " operations.\nH\u00b7v is computed"
        + " from the same differentials of the gradient, each shared subexpression once.\n";
    String text = "Hessian-vector products of " + program.sourceName() + " with respect to " + wrt + ".\n";
    return new DerivationText(text + note, (text + note).replace("H\u00b7v", "H*v"));
  }

  // ---------------------------------------------------------------- the expressions

  /** Whether the user named the node: its differential stays dZ in the steps. */
  private boolean named(int id) {
    Node n = graph.node(id);
    return graph.name(id).isPresent() || n instanceof Node.Param || n instanceof Node.ScalarParam;
  }

  private boolean isWrt(int id) {
    Node n = graph.node(id);
    return (n instanceof Node.Param || n instanceof Node.ScalarParam) && trace.tangent(id) >= 0;
  }

  /** dX of a node: the direction vX for a wrt parameter, else the symbol dX. */
  private Sym differential(int id) {
    return isWrt(id) ? Sym.ref(trace.tangent(id)) : new Sym.Differential(id);
  }

  /**
   * d(x) one level down: x's tangent over its operands' differentials. Where two nodes have the
   * same tangent (d(A + B) = dA when B is constant, or two terms that both vanish), the tangent is
   * read as the differential of x's own operand, so that each line follows from the one above.
   */
  private Sym expansion(int x) {
    if (isWrt(x)) {
      return differential(x); // dX = vX
    }
    int t = trace.tangent(x);
    List<Integer> operands = graph.node(x).inputs();
    for (int in : operands) {
      if (trace.tangent(in) == t) {
        return differential(in);
      }
    }
    return written(t, operands, new boolean[operands.size()]);
  }

  /**
   * A node built by the tangents, its operands' tangents written as their differentials: the
   * differential of an operand of the expanded node where one has that tangent, each operand
   * once in order (two operands with the same tangent, like two terms that both vanish, stay two).
   */
  private Sym written(int node, List<Integer> operands, boolean[] consumed) {
    Node n = graph.node(node);
    if (n instanceof Node.Const c) {
      return Sym.num(c.value());
    }
    if (n.inputs().isEmpty()) {
      return Sym.ref(node); // a direction
    }
    List<Sym> args = new ArrayList<>();
    for (int in : n.inputs()) {
      args.add(operandOrDifferential(in, operands, consumed));
    }
    return new Sym.Applied(n, args);
  }

  private Sym operandOrDifferential(int in, List<Integer> operands, boolean[] consumed) {
    if (in < trace.original()) {
      return Sym.ref(in);
    }
    int match = -1;
    for (int k = 0; k < operands.size(); k++) {
      if (trace.tangent(operands.get(k)) == in && (match < 0 || consumed[match] && !consumed[k])) {
        match = k;
      }
    }
    if (match >= 0) {
      consumed[match] = true;
      return differential(operands.get(match));
    }
    if (owner.containsKey(in)) {
      return differential(owner.get(in));
    }
    return written(in, operands, consumed);
  }

  /** One step: every differential of an unnamed node expanded one level; null when none is left. */
  private Sym step(Sym s, Set<TraceRule> rules) {
    if (s instanceof Sym.Differential d && !named(d.id())) {
      rules.addAll(trace.rules().get(d.id()));
      return expansion(d.id());
    }
    if (s instanceof Sym.Applied a) {
      List<Sym> args = new ArrayList<>();
      boolean changed = false;
      for (Sym x : a.args()) {
        Sym r = step(x, rules);
        changed |= r != null;
        args.add(r != null ? r : x);
      }
      return changed ? new Sym.Applied(a.op(), args) : null;
    }
    return null;
  }

  /** The named differentials (dZ of a local) an expression refers to. */
  private static void namedDifferentials(Sym s, Set<Integer> out) {
    if (s instanceof Sym.Differential d) {
      out.add(d.id());
    } else if (s instanceof Sym.Applied a) {
      a.args().forEach(x -> namedDifferentials(x, out));
    }
  }

  // ---------------------------------------------------------------- the text

  /** A group of lines: the left-hand side, then each step with the rules it used. */
  private record Unfolding(Sym lhs, boolean gradient, List<Sym> steps, List<Set<TraceRule>> rules) {}

  /** The steps from {@code start} until only named differentials and directions are left. */
  private Unfolding expand(Sym lhs, boolean gradient, Sym start, Set<TraceRule> firstRules, Set<Integer> needed) {
    List<Sym> steps = new ArrayList<>(List.of(start));
    List<Set<TraceRule>> rules = new ArrayList<>(List.of(firstRules));
    Sym current = start;
    while (true) {
      Set<TraceRule> used = new TreeSet<>();
      Sym next = step(current, used);
      if (next == null) {
        break;
      }
      steps.add(next);
      rules.add(used);
      current = next;
    }
    namedDifferentials(current, needed);
    return new Unfolding(lhs, gradient, steps, rules);
  }

  private DerivationText write() {
    Set<Integer> needed = new TreeSet<>();
    List<Unfolding> products = new ArrayList<>();
    List<Parameter> wrt = program.wrtParams();
    for (int k = 0; k < wrt.size(); k++) {
      int g = gradients.gradients().get(k);
      int paramNode = graph.find(wrt.get(k).node()).orElse(-1);
      Sym lhs = paramNode >= 0 ? Sym.adj(paramNode) : null;
      if (trace.tangent(g) < 0) {
        products.add(new Unfolding(lhs, true, List.of(Sym.num(0)), List.of(Set.of())));
      } else if (isWrt(g)) {
        // the gradient is the parameter itself (l = ½‖X‖²): its differential is the direction
        products.add(new Unfolding(lhs, true, List.of(differential(g)), List.of(Set.of())));
      } else if (named(g)) {
        // the gradient is a named value: d of its name, then its expansion
        Unfolding rest = expand(lhs, true, expansion(g), new TreeSet<>(trace.rules().get(g)), needed);
        List<Sym> steps = new ArrayList<>(List.of(differential(g)));
        steps.addAll(rest.steps());
        List<Set<TraceRule>> rules = new ArrayList<>(List.of(Set.of()));
        rules.addAll(rest.rules());
        products.add(new Unfolding(lhs, true, steps, rules));
      } else {
        products.add(expand(lhs, true, new Sym.Differential(g), Set.of(), needed));
      }
    }
    // the locals' differentials the products refer to, and those these refer to in turn
    Map<Integer, Unfolding> locals = new TreeMap<>();
    while (!locals.keySet().containsAll(needed)) {
      for (int z : new TreeSet<>(needed)) {
        if (!locals.containsKey(z)) {
          Set<TraceRule> rules = new TreeSet<>(trace.rules().get(z));
          locals.put(z, expand(new Sym.Differential(z), false, expansion(z), rules, needed));
        }
      }
    }
    return render(new ArrayList<>(locals.values()), products);
  }

  private DerivationText render(List<Unfolding> locals, List<Unfolding> products) {
    MathPrinter[] ps = {
        new MathPrinter(graph, Notation.UNICODE, loss, program.shownNames()),
        new MathPrinter(graph, Notation.ASCII, Notation.ASCII.name(loss), program.shownNames())};
    Both body = new Both();
    for (Unfolding g : locals) {
      body.addAll(layout(g, ps, null));
      body.add("", "");
    }
    List<Parameter> wrt = program.wrtParams();
    for (int k = 0; k < products.size(); k++) {
      body.addAll(layout(products.get(k), ps, wrt.get(k)));
      body.add("", "");
    }
    Both all = header(ps);
    all.add("", "");
    all.addAll(body);
    List<String> u = all.unicode().subList(0, all.unicode().size() - 1);
    List<String> a = all.ascii().subList(0, all.ascii().size() - 1);
    return new DerivationText(String.join("\n", u) + "\n", String.join("\n", a) + "\n");
  }

  /** The group's lines, continuation lines aligned under the first "=", rules in one column. */
  private Both layout(Unfolding g, MathPrinter[] ps, Parameter param) {
    int maxRules = g.rules().stream().filter(r -> !r.isEmpty())
        .mapToInt(r -> DerivationWriter.width(DerivationWriter.citation(r))).max().orElse(0);
    int textLimit = DerivationWriter.LINE_LIMIT - (maxRules > 0 ? 3 + maxRules : 0);
    Both lines = new Both();
    List<Integer> citedLine = new ArrayList<>();
    List<Set<TraceRule>> citedRules = new ArrayList<>();
    String[] lhs = new String[2];
    for (int r = 0; r < 2; r++) {
      MathPrinter p = ps[r];
      Notation n = p.notation();
      if (g.gradient()) {
        String h = "h" + n.name(param.name());
        lhs[r] = g.lhs() == null ? h : h + " = " + n.t(Token.DIFFERENTIAL) + "(" + p.print(g.lhs()) + ")";
      } else {
        lhs[r] = p.print(g.lhs());
      }
    }
    for (int i = 0; i < g.steps().size(); i++) {
      String[] prefix = new String[2];
      String[] text = new String[2];
      int[] indent = new int[2];
      Set<TraceRule> rules = g.rules().get(i);
      for (int r = 0; r < 2; r++) {
        prefix[r] = (i == 0 ? lhs[r] : " ".repeat(DerivationWriter.width(lhs[r]))) + " = ";
        text[r] = ps[r].printBreakable(g.steps().get(i));
        indent[r] = DerivationWriter.width(prefix[r]) + 2;
      }
      lines.addAll(DerivationWriter.wrap(prefix, text, rules.isEmpty() ? DerivationWriter.LINE_LIMIT : textLimit, indent));
      if (!rules.isEmpty()) {
        citedLine.add(lines.unicode().size() - 1);
        citedRules.add(rules);
      }
    }
    for (int r = 0; r < 2; r++) {
      List<String> ls = lines.of(r);
      int widest = 0;
      for (int k = 0; k < citedLine.size(); k++) {
        widest = Math.max(widest, DerivationWriter.width(ls.get(citedLine.get(k))));
      }
      int column = widest + 3;
      for (int k = 0; k < citedLine.size(); k++) {
        int at = citedLine.get(k);
        String t = ls.get(at);
        ls.set(at, t + " ".repeat(Math.max(1, column - DerivationWriter.width(t)))
            + DerivationWriter.citation(citedRules.get(k)));
      }
    }
    return lines;
  }

  /** What is differentiated along what, the locals, and the notation used. */
  private Both header(MathPrinter[] ps) {
    Both out = new Both();
    String[][] texts = new String[3][2];
    String[] prefix = new String[2];
    boolean hasLocals = false;
    Graph g = gradients.graph();
    for (int r = 0; r < 2; r++) {
      MathPrinter p = ps[r];
      Notation n = p.notation();
      String mark = String.valueOf(MathPrinter.BREAK);
      List<String> directions = new ArrayList<>();
      List<Parameter> wrt = program.wrtParams();
      for (int k = 0; k < wrt.size(); k++) {
        directions.add(n.t(Token.DIFFERENTIAL) + n.name(wrt.get(k).name()) + " = "
            + n.name(trace.hvp().directions().get(k).name()));
      }
      prefix[r] = n.name(loss) + " = ";
      texts[0][r] = p.printDefinition(definition(gradients.loss())) + "," + mark
          + " Hessian-vector products along " + String.join(", ", directions);
      List<String> localDefs = DerivationWriter.localDefinitions(g, gradients.loss(), p);
      hasLocals = !localDefs.isEmpty();
      texts[1][r] = "where " + String.join("," + mark + " ", localDefs);
      String d = n.t(Token.DIFFERENTIAL);
      String partial = n.t(Token.PARTIAL);
      String l = n.name(loss);
      List<String> legend = new ArrayList<>();
      legend.add("hX = " + d + "(" + partial + l + "/" + partial + "X) = H" + (r == 0 ? "\u00b7" : "*")
          + "v: the gradient's closed form differentiated along the directions");
      legend.add("[n] cites rule n of the trace method");
      legend.addAll(DerivationWriter.notationLegend(n, p.used()));
      texts[2][r] = String.join(";" + mark + " ", legend);
    }
    int[] indent = {4, 4};
    out.addAll(DerivationWriter.wrap(prefix, texts[0], DerivationWriter.LINE_LIMIT, indent));
    if (hasLocals) {
      out.addAll(DerivationWriter.wrap(new String[] {"", ""}, texts[1], DerivationWriter.LINE_LIMIT, indent));
    }
    out.addAll(DerivationWriter.wrap(new String[] {"", ""}, texts[2], DerivationWriter.LINE_LIMIT, indent));
    return out;
  }

  /** The node's own definition, one level: the loss or a local as the user wrote it. */
  private Sym definition(int id) {
    return DerivationWriter.definition(graph, id);
  }
}
