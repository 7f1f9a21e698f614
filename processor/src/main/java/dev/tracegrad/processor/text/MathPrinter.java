package dev.tracegrad.processor.text;

import dev.tracegrad.processor.derive.Sym;
import dev.tracegrad.processor.derive.Syms;
import dev.tracegrad.processor.text.Notation.Token;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Prints a {@link Sym} in textbook notation with minimal parentheses, in one {@link Notation}.
 * Precedence, loosest first: sums; products, ⊙ and / (all three at one level: a product inside a
 * ⊙ or a quotient is parenthesised and vice versa, since no convention orders them); postfix ᵀ,
 * ⁻¹, ², A(r); atoms (names, numbers, f(x), tr(·), |A|). Sums are written as signed terms and
 * start with a positive term when there is one. Graph nodes print by their user name; unnamed
 * ones are written out.
 *
 * <p>Notation: 𝟏ᵀA for colSums, A𝟏 for rowSums, 𝟏ᵀA𝟏 for sum, A(r) = A·diag(r), tr(AᵀB) for dot,
 * σ′ written out in terms of the op's input (σ(a) ⊙ (1 − σ(a))). A whole number is written next to
 * a one-letter name (2X, 2Aᵀ); any other coefficient is a space apart (2 lambda, 0.5 X, 2 tr(…)). An
 * expression that is a named local's own definition prints as the local's name (1 − h², not
 * 1 − tanh(W x + b𝟏ᵀ)²), except a function of names (σ(a1) stays σ(a1) beside 1 − σ(a1)).
 *
 * <p>{@link #printBreakable} marks where a long line may be broken ({@link #BREAK}: before the
 * + or − of a term, before ⊙); {@link #print} leaves the marks out.
 */
final class MathPrinter {

  /** How tightly a printed expression binds, loosest first. */
  enum Binding { SUM, NEGATION, PRODUCT, HADAMARD, QUOTIENT, DIFFERENTIAL, POSTFIX, ATOM }

  /** The notation a text used, for its legend line. */
  enum Feature { HADAMARD, ONES, SCALE_COLUMNS, QUOTIENT }

  private record Out(String text, Binding kind) {}

  /** A term of a sum and its sign. */
  private record Signed(Sym term, boolean negative) {}

  /** A printed term without its leading minus sign. */
  record SignedText(boolean negative, String body) {}

  /** Where a line may be broken; never part of a name or a token. */
  static final char BREAK = '\u0001';

  private final Graph graph;
  private final Notation n;
  private final String loss;
  private final Set<Feature> used = EnumSet.noneOf(Feature.class);
  private final Map<String, String> shown;
  /** The graph node each printed expression computes, when the graph has it. */
  private final Map<Sym, Optional<Integer>> nodes = new IdentityHashMap<>();
  /** The expression printed as written, not as the name of the local it defines. */
  private Sym definition;

  MathPrinter(Graph graph, Notation notation, String lossSymbol) {
    this(graph, notation, lossSymbol, Map.of());
  }

  /**
   * @param shown how to show the data values the user did not name, by their names in the graph
   *     ({@link dev.tracegrad.processor.ir.Program#shownNames})
   */
  MathPrinter(Graph graph, Notation notation, String lossSymbol, Map<String, String> shown) {
    this.graph = graph;
    this.n = notation;
    this.loss = lossSymbol;
    this.shown = shown;
  }

  /** A leaf's or local's name as the text shows it. */
  private String leafName(String name) {
    return n.name(shown.getOrDefault(name, name));
  }

  Notation notation() {
    return n;
  }

  /** The notation features printed so far. */
  Set<Feature> used() {
    return used;
  }

  String print(Sym s) {
    nodes.clear();
    return strip(out(s).text());
  }

  /** The expression with its {@link #BREAK} marks. */
  String printBreakable(Sym s) {
    nodes.clear();
    return out(s).text();
  }

  /** A local's definition as written (a1 = W1 x, not a1 = a1), with its break marks. */
  String printDefinition(Sym s) {
    nodes.clear();
    definition = s;
    try {
      return out(s).text();
    } finally {
      definition = null;
    }
  }

  /** The text without break marks. */
  static String strip(String text) {
    return text.indexOf(BREAK) < 0 ? text : text.replace(String.valueOf(BREAK), "");
  }

  /** The expression's own text, marks included, for an enclosing expression. */
  private String inner(Sym s) {
    return out(s).text();
  }

  /** The expression with a leading minus sign split off (only when it is a single term); marks kept. */
  SignedText signed(Sym s) {
    nodes.clear();
    List<Signed> ts = new ArrayList<>();
    terms(s, false, ts);
    if (ts.size() == 1 && ts.get(0).negative()) {
      return new SignedText(true, out(ts.get(0).term()).text());
    }
    return new SignedText(false, out(s).text());
  }

  /** The node of the graph that computes s, if there is one (s written over graph nodes only). */
  private Optional<Integer> nodeOf(Sym s) {
    Optional<Integer> known = nodes.get(s);
    if (known != null) {
      return known;
    }
    Optional<Integer> found = Optional.empty();
    if (s instanceof Sym.Ref r) {
      found = Optional.of(r.id());
    } else if (s instanceof Sym.Applied a) {
      int[] ids = new int[a.args().size()];
      boolean all = true;
      for (int i = 0; i < ids.length && all; i++) {
        Optional<Integer> in = nodeOf(a.args().get(i));
        all = in.isPresent();
        ids[i] = in.orElse(-1);
      }
      if (all && !(a.op() instanceof Node.Const)) {
        found = graph.find(a.op().withInputs(ids));
      }
    }
    nodes.put(s, found);
    return found;
  }

  /** The named local whose definition s is, unless s is a function of names (σ(a1)). */
  private String localNamed(Sym s) {
    if (!(s instanceof Sym.Applied a) || s == definition) {
      return null;
    }
    Node op = a.op();
    boolean function = op instanceof Node.Entrywise || op instanceof Node.ScalarFunction
        || op instanceof Node.Softmax || op instanceof Node.LogSoftmax;
    if (function && a.args().stream().allMatch(x -> x instanceof Sym.Ref r && nameOf(r.id()) != null)) {
      return null;
    }
    return nodeOf(s).map(id -> graph.name(id).isPresent() ? nameOf(id) : null).orElse(null);
  }

  /** ∂l/∂X. */
  String adjoint(int id) {
    String p = n.t(Token.PARTIAL);
    return p + loss + "/" + p + subject(id);
  }

  /** X by name, or its expression in parentheses. */
  private String subject(int id) {
    String name = nameOf(id);
    if (name != null) {
      return name;
    }
    Out o = out(expand(id));
    return o.kind() == Binding.ATOM ? o.text() : "(" + o.text() + ")";
  }

  private String nameOf(int id) {
    Node node = graph.node(id);
    if (graph.name(id).isPresent()) {
      return leafName(graph.name(id).get());
    }
    if (node instanceof Node.Param p) {
      return leafName(p.name());
    }
    if (node instanceof Node.ScalarParam p) {
      return leafName(p.name());
    }
    return null;
  }

  /** The node written out one level: its op over references to its operands. */
  private Sym expand(int id) {
    Node node = graph.node(id);
    if (node instanceof Node.Const c) {
      return Sym.num(c.value());
    }
    return new Sym.Applied(node, node.inputs().stream().map(Sym::ref).toList());
  }

  /** A reference resolved: a name stays a reference, an unnamed node is written out. */
  private Sym view(Sym s) {
    if (s instanceof Sym.Ref r && nameOf(r.id()) == null) {
      return expand(r.id());
    }
    return s;
  }

  // ---------------------------------------------------------------- dispatch

  /** The expression printed, with how tightly it binds (for the caller's parentheses). */
  private Out out(Sym s) {
    Sym v = view(s);
    String local = localNamed(v);
    if (local != null) {
      return new Out(local, Binding.ATOM);
    }
    if (v instanceof Sym.Ref r) {
      return new Out(nameOf(r.id()), Binding.ATOM);
    }
    if (v instanceof Sym.Adjoint a) {
      return new Out(adjoint(a.id()), Binding.ATOM);
    }
    if (v instanceof Sym.Differential d) {
      return differential(d.id());
    }
    Sym.Applied a = (Sym.Applied) v;
    return a.op().accept(new OpPrinter(v, a.args()));
  }

  /** How each op is printed: v is the whole expression, x its operands. */
  private final class OpPrinter implements Node.Visitor<Out> {
    private final Sym v;
    private final List<Sym> x;

    OpPrinter(Sym v, List<Sym> x) {
      this.v = v;
      this.x = x;
    }

    private IllegalArgumentException named(Node op) {
      return new IllegalArgumentException(op + " is a leaf: it is printed by its name, never applied");
    }

    @Override
    public Out visit(Node.Param n) {
      throw named(n);
    }

    @Override
    public Out visit(Node.ScalarParam n) {
      throw named(n);
    }

    @Override
    public Out visit(Node.Const c) {
      // a negative constant is printed as a sign and a number, so that it combines with other signs
      return c.value() < 0 ? sum(v) : new Out(number(c.value()), Binding.ATOM);
    }

    // sums: signed terms
    @Override
    public Out visit(Node.Add n) {
      return sum(v);
    }

    @Override
    public Out visit(Node.Sub n) {
      return sum(v);
    }

    @Override
    public Out visit(Node.Neg n) {
      return sum(v);
    }

    @Override
    public Out visit(Node.ScalarAdd n) {
      return sum(v);
    }

    @Override
    public Out visit(Node.ScalarSub n) {
      return sum(v);
    }

    @Override
    public Out visit(Node.ScalarNeg n) {
      return sum(v);
    }

    @Override
    public Out visit(Node.AddColumn n) {
      return sum(v);
    }

    // products, scalings and the ones-vector forms (𝟏ᵀA, A𝟏, c𝟏𝟏ᵀ, …): juxtaposition
    @Override
    public Out visit(Node.MatMul n) {
      return product(v);
    }

    @Override
    public Out visit(Node.Scale n) {
      return product(v);
    }

    @Override
    public Out visit(Node.ScalarMul n) {
      return product(v);
    }

    @Override
    public Out visit(Node.ColSums n) {
      return product(v);
    }

    @Override
    public Out visit(Node.RowSums n) {
      return product(v);
    }

    @Override
    public Out visit(Node.BroadcastCols n) {
      return product(v);
    }

    @Override
    public Out visit(Node.BroadcastRows n) {
      return product(v);
    }

    @Override
    public Out visit(Node.Fill n) {
      return product(v);
    }

    @Override
    public Out visit(Node.Eye n) {
      return product(v);
    }

    @Override
    public Out visit(Node.Solve n) {
      return product(v);
    }

    @Override
    public Out visit(Node.Hadamard n) {
      return hadamard(v);
    }

    @Override
    public Out visit(Node.EntrywiseDerivative n) {
      return hadamard(v);
    }

    @Override
    public Out visit(Node.Div n) {
      used.add(Feature.QUOTIENT);
      return quotient(x.get(0), x.get(1));
    }

    @Override
    public Out visit(Node.ScalarDiv n) {
      return quotient(x.get(0), x.get(1));
    }

    @Override
    public Out visit(Node.Transpose n) {
      return transpose(x.get(0));
    }

    @Override
    public Out visit(Node.Inv n) {
      // A⁻¹ is postfix in Unicode; ASCII writes inv(A), an atom
      Out b = out(x.get(0));
      return new Out(MathPrinter.this.n.inverse(b.text(), b.kind() == Binding.ATOM),
          MathPrinter.this.n == Notation.UNICODE ? Binding.POSTFIX : Binding.ATOM);
    }

    @Override
    public Out visit(Node.Entrywise m) {
      return m.fn().symbol() == null ? postfix(x.get(0), MathPrinter.this.n.t(Token.SQUARED))
          : function(functionName(m.fn()), x.get(0));
    }

    @Override
    public Out visit(Node.Pow n) {
      return power();
    }

    @Override
    public Out visit(Node.ScalarPow n) {
      return power();
    }

    private Out power() {
      Out p = out(x.get(1));
      return postfix(x.get(0), "^" + (p.kind() == Binding.ATOM ? p.text() : "(" + p.text() + ")"));
    }

    @Override
    public Out visit(Node.Softmax n) {
      return function(n.op().opsName(), x.get(0));
    }

    @Override
    public Out visit(Node.LogSoftmax n) {
      return function(n.op().opsName(), x.get(0));
    }

    @Override
    public Out visit(Node.ScaleColumns n) {
      used.add(Feature.SCALE_COLUMNS);
      Out b = out(x.get(0));
      String base = b.kind() == Binding.ATOM || b.kind() == Binding.POSTFIX ? b.text() : "(" + b.text() + ")";
      return new Out(base + "(" + inner(x.get(1)) + ")", Binding.POSTFIX);
    }

    @Override
    public Out visit(Node.Trace n) {
      return function(n.op().opsName(), x.get(0));
    }

    @Override
    public Out visit(Node.Sum n) {
      // 𝟏ᵀA𝟏 is a unit: a factor after it is set apart (𝟏ᵀX𝟏 s, not 𝟏ᵀX𝟏s)
      List<Object> fs = new ArrayList<>();
      fs.add(Token.ONES_T);
      factors(x.get(0), fs);
      fs.add(Token.ONES);
      return new Out(juxtapose(fs), Binding.ATOM);
    }

    @Override
    public Out visit(Node.Det n) {
      return new Out(MathPrinter.this.n.det(inner(x.get(0))), Binding.ATOM);
    }

    @Override
    public Out visit(Node.LogDet n) {
      return new Out(MathPrinter.this.n.logDet(inner(x.get(0))), Binding.ATOM);
    }

    @Override
    public Out visit(Node.Dot n) {
      return out(Sym.tr(Sym.mul(Sym.t(x.get(0)), x.get(1)))); // ⟨A, B⟩ = tr(AᵀB)
    }

    @Override
    public Out visit(Node.SumSq n) {
      return new Out(MathPrinter.this.n.t(Token.NORM_OPEN) + inner(x.get(0))
          + MathPrinter.this.n.t(Token.NORM_CLOSE), Binding.ATOM);
    }

    @Override
    public Out visit(Node.ScalarOf n) {
      return out(x.get(0)); // a 1×1 matrix is its entry
    }

    @Override
    public Out visit(Node.Extent e) {
      return new Out(extent(e.d()), Binding.ATOM);
    }

    @Override
    public Out visit(Node.Norm m) {
      return new Out(MathPrinter.this.n.t(Token.NORM_OPEN) + inner(x.get(0))
          + MathPrinter.this.n.t(Token.NORM_END), Binding.ATOM);
    }

    @Override
    public Out visit(Node.LogSumExp m) {
      return function(m.op().opsName(), x.get(0));
    }

    @Override
    public Out visit(Node.ColLogSumExp m) {
      return function(m.op().opsName(), x.get(0));
    }

    @Override
    public Out visit(Node.Max m) {
      return function(m.op().opsName(), x.get(0), x.get(1));
    }

    @Override
    public Out visit(Node.Min m) {
      return function(m.op().opsName(), x.get(0), x.get(1));
    }

    @Override
    public Out visit(Node.Diag m) {
      return function(m.op().opsName(), x.get(0));
    }

    @Override
    public Out visit(Node.DiagonalOf m) {
      return function(m.op().opsName(), x.get(0));
    }

    @Override
    public Out visit(Node.Pick m) {
      return indexed(m.op().opsName(), x.get(0), m.idx());
    }

    @Override
    public Out visit(Node.GatherCols m) {
      return indexed(m.op().opsName(), x.get(0), m.idx());
    }

    @Override
    public Out visit(Node.Scatter m) {
      return indexed(m.op().opsName(), x.get(0), m.idx());
    }

    @Override
    public Out visit(Node.ScatterAdd m) {
      return indexed(m.op().opsName(), x.get(0), m.idx());
    }

    @Override
    public Out visit(Node.ScalarFunction m) {
      if (m.fn().mathName() == null) {
        return visit(new Node.Entrywise(m.fn(), m.a())); // sigmoid(s), s²: as a matrix's entries
      }
      return function(m.fn().mathName(), x.get(0)); // as the user wrote it: Math.log(s)
    }
  }

  /** f(a, b). */
  private Out function(String name, Sym a, Sym b) {
    return new Out(name + "(" + inner(a) + ", " + inner(b) + ")", Binding.ATOM);
  }

  /** f(a, idx), idx an index array named as the user named it. */
  private Out indexed(String name, Sym a, String idx) {
    return new Out(name + "(" + inner(a) + ", " + leafName(idx) + ")", Binding.ATOM);
  }

  /** A dimension as the text writes it: rows(A), cols(A), a number, or the data value's name. */
  private String extent(Dim d) {
    if (d instanceof Dim.Of of) {
      return (of.axis() == dev.tracegrad.processor.ir.Axis.ROWS ? "rows(" : "cols(") + leafName(of.param()) + ")";
    }
    if (d instanceof Dim.DataValue v) {
      return leafName(v.name());
    }
    if (d instanceof Dim.Length v) {
      return "len(" + leafName(v.array()) + ")";
    }
    return d.toString();
  }

  /** The function's printed name (σ for sigmoid, the textbook letter), spelled for the notation. */
  private String functionName(EntrywiseFunction fn) {
    return n == Notation.UNICODE ? fn.symbol() : fn.asciiSymbol();
  }

  /** f(x): the parentheses delimit the argument, so the result is an atom. */
  private Out function(String name, Sym arg) {
    return new Out(name + "(" + inner(arg) + ")", Binding.ATOM);
  }

  /** xᵀ, x², x^p: only an atom goes without parentheses ((A B)ᵀ, (h1ᵀ)ᵀ). */
  private Out postfix(Sym base, String suffix) {
    Out b = out(base);
    return new Out((b.kind() == Binding.ATOM ? b.text() : "(" + b.text() + ")") + suffix, Binding.POSTFIX);
  }

  /** Aᵀ, or A⁻ᵀ for the transpose of an inverse. */
  private Out transpose(Sym x) {
    Sym v = view(x);
    if (v instanceof Sym.Applied a && a.op() instanceof Node.Inv) {
      Out b = out(a.args().get(0));
      return new Out(n.inverseTranspose(b.text(), b.kind() == Binding.ATOM), Binding.POSTFIX);
    }
    return postfix(x, n.t(Token.TRANSPOSE));
  }

  /** dX for a named X; d f(…) or d(…) for an expression. */
  private Out differential(int id) {
    String d = n.t(Token.DIFFERENTIAL);
    String name = nameOf(id);
    if (name != null) {
      return new Out(d + name, Binding.ATOM);
    }
    Out o = out(expand(id));
    if (o.kind() == Binding.ATOM && Character.isLetter(o.text().codePointAt(0))) {
      return new Out(d + " " + o.text(), Binding.DIFFERENTIAL); // d tr(…), d log|A|
    }
    if (o.kind() == Binding.ATOM && (o.text().startsWith("|") || o.text().startsWith(n.t(Token.NORM_OPEN)))) {
      return new Out(d + o.text(), Binding.ATOM); // d|A|, d‖A‖²
    }
    return new Out(d + "(" + o.text() + ")", Binding.ATOM);
  }

  /** A constant as a person writes it: 2, 0.5, 1.5; no trailing ".0". */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    return s.length() <= 12 ? s : Double.toString(v);
  }

  // ---------------------------------------------------------------- sums

  /** The signed terms of a sum, flattened through +, −, unary minus, A + b𝟏ᵀ and negative constants. */
  private void terms(Sym s, boolean negative, List<Signed> acc) {
    Sym v = view(s);
    if (v instanceof Sym.Applied a) {
      Node op = a.op();
      List<Sym> x = a.args();
      if (op instanceof Node.Add || op instanceof Node.ScalarAdd) {
        terms(x.get(0), negative, acc);
        terms(x.get(1), negative, acc);
        return;
      }
      if (op instanceof Node.Sub || op instanceof Node.ScalarSub) {
        terms(x.get(0), negative, acc);
        terms(x.get(1), !negative, acc);
        return;
      }
      if (op instanceof Node.Neg || op instanceof Node.ScalarNeg) {
        terms(x.get(0), !negative, acc);
        return;
      }
      if (op instanceof Node.AddColumn) {
        terms(x.get(0), negative, acc);
        terms(Sym.broadcastCols(x.get(1), Dim.ONE), negative, acc); // A + b𝟏ᵀ
        return;
      }
      if (op instanceof Node.Const c && c.value() < 0) {
        acc.add(new Signed(Sym.num(-c.value()), !negative));
        return;
      }
    }
    acc.add(new Signed(s, negative));
  }

  /** A sum as signed terms: a − b, not a + (−b); a single negative term binds like a unary minus. */
  private Out sum(Sym s) {
    List<Signed> ts = new ArrayList<>();
    terms(s, false, ts);
    if (ts.size() == 1) {
      Out body = out(ts.get(0).term());
      return ts.get(0).negative() ? new Out(n.t(Token.MINUS) + body.text(), Binding.NEGATION) : body;
    }
    // Commutativity only: a sum reads better starting with a positive term (S(𝟏ᵀy) − y, not −y + S(𝟏ᵀy)).
    if (ts.get(0).negative()) {
      for (int i = 1; i < ts.size(); i++) {
        if (!ts.get(i).negative()) {
          ts.add(0, ts.remove(i));
          break;
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < ts.size(); i++) {
      Signed t = ts.get(i);
      String text = out(t.term()).text();
      if (i == 0) {
        sb.append(t.negative() ? n.t(Token.MINUS) : "").append(text);
      } else {
        sb.append(BREAK).append(t.negative() ? " " + n.t(Token.MINUS) + " " : " + ").append(text);
      }
    }
    return new Out(sb.toString(), Binding.SUM);
  }

  // ---------------------------------------------------------------- products

  private static boolean isConstant(Sym s, double v) {
    return s instanceof Sym.Applied a && a.op() instanceof Node.Const c && c.value() == v;
  }

  /** Whether the front end proved the dimension is 1 (a c𝟏𝟏ᵀ of that shape prints as c𝟏 or c). */
  private boolean isOne(Dim d) {
    return graph.dims().same(d, Dim.ONE);
  }

  /** The factors of a product, flattened; 𝟏, 𝟏ᵀ and I appear as tokens. */
  private void factors(Sym s, List<Object> acc) {
    Sym v = view(s);
    if (v instanceof Sym.Applied a) {
      Node op = a.op();
      List<Sym> x = a.args();
      if (op instanceof Node.MatMul || op instanceof Node.Scale || op instanceof Node.ScalarMul) {
        factors(x.get(0), acc);
        factors(x.get(1), acc);
        return;
      }
      if (op instanceof Node.Solve) {
        Sym m = view(x.get(0));
        boolean transposed = m instanceof Sym.Applied t && t.op() instanceof Node.Transpose;
        acc.add(transposed ? Sym.t(Sym.inv(((Sym.Applied) m).args().get(0))) : Sym.inv(x.get(0))); // A⁻¹B
        factors(x.get(1), acc);
        return;
      }
      if (op instanceof Node.ColSums) {
        acc.add(Token.ONES_T);
        factors(x.get(0), acc);
        return;
      }
      if (op instanceof Node.RowSums) {
        factors(x.get(0), acc);
        acc.add(Token.ONES);
        return;
      }
      if (op instanceof Node.BroadcastCols) {
        factors(x.get(0), acc);
        acc.add(Token.ONES_T);
        return;
      }
      if (op instanceof Node.BroadcastRows) {
        acc.add(Token.ONES);
        factors(x.get(0), acc);
        return;
      }
      if (op instanceof Node.Fill f) {
        if (isConstant(view(x.get(0)), 0)) {
          acc.add(Sym.num(0));
          return;
        }
        boolean rows = !isOne(f.shape().rows());
        boolean cols = !isOne(f.shape().cols());
        if (!isConstant(view(x.get(0)), 1) || !rows && !cols) {
          factors(x.get(0), acc);
        }
        if (rows) {
          acc.add(Token.ONES);
        }
        if (cols) {
          acc.add(Token.ONES_T);
        }
        return;
      }
      if (op instanceof Node.Eye) {
        if (!isConstant(view(x.get(0)), 1)) {
          factors(x.get(0), acc);
        }
        acc.add(Token.IDENTITY);
        return;
      }
    }
    acc.add(s);
  }

  private Out product(Sym s) {
    List<Object> fs = new ArrayList<>();
    factors(s, fs);
    if (fs.size() == 1 && fs.get(0) instanceof Sym only) {
      return out(only);
    }
    // 𝟏𝟏ᵀ alone is one symbol: 𝟏𝟏ᵀ / A, not (𝟏𝟏ᵀ) / A (but (𝟏𝟏ᵀ)ᵀ)
    Binding kind = fs.stream().allMatch(f -> f == Token.ONES || f == Token.ONES_T) ? Binding.POSTFIX : Binding.PRODUCT;
    return new Out(juxtapose(fs), kind);
  }

  /** The factors written side by side, each parenthesised unless it binds tighter than a product. */
  private String juxtapose(List<Object> fs) {
    StringBuilder sb = new StringBuilder();
    String previous = null;
    for (int i = 0; i < fs.size(); i++) {
      Object f = fs.get(i);
      String text;
      if (f instanceof Token t) {
        text = n.t(t);
        if (t != Token.IDENTITY) {
          used.add(Feature.ONES);
        }
      } else {
        Out o = out((Sym) f);
        boolean loose = o.kind() == Binding.SUM || o.kind() == Binding.NEGATION || o.kind() == Binding.PRODUCT
            || o.kind() == Binding.HADAMARD || o.kind() == Binding.QUOTIENT;
        text = loose ? "(" + o.text() + ")" : o.text();
      }
      if (i > 0) {
        sb.append(separator(fs.get(i - 1), previous, f, text));
      }
      sb.append(text);
      previous = text;
    }
    return sb.toString();
  }

  /** Juxtaposition: a space between factors, none before "(" or after a number, none at 𝟏 in Unicode. */
  private String separator(Object left, String leftText, Object right, String rightText) {
    if (right instanceof Sym.Differential || right instanceof Sym.Adjoint || left instanceof Sym.Adjoint) {
      return " ";
    }
    if (rightText.startsWith("(")) {
      return "";
    }
    if (left == Token.ONES || left == Token.ONES_T || right == Token.ONES || right == Token.ONES_T) {
      return n.t(Token.ONES_JOIN);
    }
    if (left instanceof Sym l && isWholeNumber(l) && (right == Token.IDENTITY || right instanceof Sym s && oneLetter(s, rightText))) {
      return ""; // 2X, 2Aᵀ; but 2 lambda, 0.5 X, 2 tr(…)
    }
    return " ";
  }

  /** Whether s is a whole number (as printed: 2, not 0.5). */
  private boolean isWholeNumber(Sym s) {
    return view(s) instanceof Sym.Applied a && a.op() instanceof Node.Const c && c.value() == Math.rint(c.value());
  }

  /** Whether the factor is printed as a one-letter name, bare or with a postfix (X, Xᵀ, X⁻¹). */
  private boolean oneLetter(Sym s, String text) {
    Sym v = view(s);
    String local = localNamed(v);
    if (local == null && v instanceof Sym.Applied a && (a.op() instanceof Node.Transpose || a.op() instanceof Node.Inv)) {
      return oneLetter(a.args().get(0), text);
    }
    String name = local != null ? local : v instanceof Sym.Ref r ? nameOf(r.id()) : null;
    if (name == null || !text.startsWith(name)) {
      return false;
    }
    // one code point, or its ASCII escape \\uXXXX
    return name.codePointCount(0, name.length()) == 1 || name.length() == 6 && name.startsWith("\\u");
  }

  // ---------------------------------------------------------------- elementwise

  /** A ⊙ chain; ⊙ is associative, so a nested chain (or a spliced σ′) needs no parentheses. */
  private Out hadamard(Sym s) {
    used.add(Feature.HADAMARD);
    List<Sym> fs = new ArrayList<>();
    hadamardFactors(s, fs);
    if (fs.size() == 1) {
      return out(fs.get(0));
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fs.size(); i++) {
      Out o = out(fs.get(i));
      boolean loose = o.kind() == Binding.SUM || o.kind() == Binding.NEGATION || o.kind() == Binding.PRODUCT
          || o.kind() == Binding.QUOTIENT;
      sb.append(i > 0 ? BREAK + n.t(Token.HADAMARD) : "").append(loose ? "(" + o.text() + ")" : o.text());
    }
    return new Out(sb.toString(), Binding.HADAMARD);
  }

  /** The factors of a ⊙ chain, with σ′ written out (σ(a) ⊙ (1 − σ(a)) contributes two factors). */
  private void hadamardFactors(Sym s, List<Sym> acc) {
    Sym v = view(s);
    if (v instanceof Sym.Applied a && a.op() instanceof Node.Hadamard) {
      hadamardFactors(a.args().get(0), acc);
      hadamardFactors(a.args().get(1), acc);
    } else if (v instanceof Sym.Applied a && a.op() instanceof Node.EntrywiseDerivative d) {
      Sym e = derivative(d.fn(), a.args().get(0));
      if (e instanceof Sym.Applied h && h.op() instanceof Node.Hadamard) {
        hadamardFactors(e, acc);
      } else {
        acc.add(e);
      }
    } else {
      acc.add(s);
    }
  }

  /**
   * σ′(x) as a textbook writes it, in terms of the op's input (σ(a) ⊙ (1 − σ(a)), not h ⊙ (1 − h)),
   * from the function's own derivative expression; for display only: "1" stands for the all-ones
   * matrix.
   */
  private static Sym derivative(EntrywiseFunction fn, Sym x) {
    return fn.derivative(Syms.display(), x);
  }

  /** a / b with both sides atoms or postfix forms, so (G ⊙ A) / (B ⊙ B) cannot be misread. */
  private Out quotient(Sym a, Sym b) {
    Out l = out(a);
    Out r = out(b);
    String lt = l.kind() == Binding.ATOM || l.kind() == Binding.POSTFIX ? l.text() : "(" + l.text() + ")";
    String rt = r.kind() == Binding.ATOM || r.kind() == Binding.POSTFIX ? r.text() : "(" + r.text() + ")";
    return new Out(lt + " / " + rt, Binding.QUOTIENT);
  }
}
