package dev.tracegrad.processor.frontend;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.tracegrad.processor.diagnostic.Message;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.JavaCode;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Reads the expressions of a body into graph nodes and data values (front end). A value that
 * depends on a wrt parameter is on the differentiable path and must be DSL: names, scalar
 * arithmetic, and calls, which {@link CallResolver} resolves and {@link CallReader} builds, or
 * helper methods of the class, which are inlined. Every other value is data: Java the generated
 * class evaluates as written ({@link JavaCopier}), entering the graph as a constant or a leaf only
 * where the differentiable path reads it ({@link DataPrologue}). Records every error on the
 * offending tree. Operands are read even when their user is in error, so independent mistakes are
 * all reported; a failed operand makes its users fail silently, so one mistake is one diagnostic.
 */
final class ExpressionReader {
  /** A variable of the body or of an inlined helper. */
  static final class LocalBinding {
    /** Its value; null for a Matrix or double parameter the body has not read yet. */
    Value value;
    /** Its name in the generated public methods, once the prologue declares it (or a parameter). */
    String javaName;
    /** Declares it in the prologue the first time Java code reads it; null when it cannot be. */
    Runnable declare;

    LocalBinding(Value value, String javaName, Runnable declare) {
      this.value = value;
      this.javaName = javaName;
      this.declare = declare;
    }
  }

  /** The variables in scope where expressions are read: the method's, or an inlined helper's. */
  final class Frame implements JavaCopier.BodyVariables {
    final Map<String, LocalBinding> bindings = new HashMap<>();
    final NameScope scope;
    final CallResolver resolver;
    final JavaCopier copier;
    /** The helper being inlined, or null for the annotated method. */
    final ExecutableElement helper;

    Frame(NameScope scope, ExecutableElement helper) {
      this.scope = scope;
      this.resolver = new CallResolver(scope, this::isVariable);
      this.copier = new JavaCopier(text, scope, problems);
      this.helper = helper;
    }

    @Override
    public boolean isVariable(String name) {
      return bindings.containsKey(name);
    }

    @Override
    public JavaCode variable(IdentifierTree tree) {
      String name = tree.getName().toString();
      LocalBinding b = bindings.get(name);
      if (b.value != null && b.value.failed()) {
        return null;
      }
      String source = wrtSourceOf(name, b);
      if (source != null) {
        problems.on(tree, Message.WRT_DEPENDENT_DATA, "'" + name + "'", source,
            "the code around it");
        return null;
      }
      if (b.javaName == null && b.declare != null) {
        b.declare.run();
      }
      return b.javaName == null ? null : JavaCode.text(b.javaName);
    }

    @Override
    public JavaCode shape(IdentifierTree matrix, String accessor) {
      String name = matrix.getName().toString();
      LocalBinding b = bindings.get(name);
      if (b.value == null) {
        return JavaCode.text(name + "." + accessor + "()");
      }
      if (b.value.failed() || b.value.id() < 0 || b.value.kind() != ValueKind.MATRIX) {
        return null;
      }
      var shape = graph.builder().shape(b.value.id());
      Dim d = accessor.equals("rows") ? shape.rows() : shape.cols();
      if (d.equals(Dim.ONE)) {
        return JavaCode.text("1");
      }
      Dim.Of of = (Dim.Of) d;
      return JavaCode.text(of.param() + "." + of.axis().accessor() + "()");
    }
  }

  private final GraphWriter graph;
  private final Problems problems;
  private final SourceText text;
  private final ShapeRules shapes;
  private final CallReader calls;
  private final DataPrologue prologue;
  private final Trees trees;
  private final Set<String> wrtNames;
  private final Map<String, Parameter> params = new HashMap<>();
  private final Deque<ExecutableElement> inlining = new ArrayDeque<>();
  private Frame frame;
  /** The current inlined helper's locals, by their names in its body: their names in the graph. */
  private Map<String, String> helperNames = Map.of();
  ExpressionReader(Graph.Builder builder, Problems problems, SourceText text, NameScope scope,
      MethodSignature signature, DataPrologue prologue, Trees trees) {
    this.graph = new GraphWriter(builder, signature.wrtNames());
    this.problems = problems;
    this.text = text;
    this.shapes = new ShapeRules(builder);
    this.calls = new CallReader(graph, problems, text, shapes);
    this.prologue = prologue;
    this.trees = trees;
    this.wrtNames = signature.wrtNames();
    this.graph.dataLeaves(this::leaf);
    this.frame = new Frame(scope, null);
    for (Parameter p : signature.params()) {
      params.put(p.name(), p);
    }
    for (MethodSignature.Declared d : signature.declared()) {
      LocalBinding b = params.containsKey(d.name())
          ? new LocalBinding(null, d.name(), null)
          : new LocalBinding(Value.data(JavaCode.text(d.name()), kindOf(d.type()), null, d.name()),
              d.name(), null);
      frame.bindings.put(d.name(), b);
    }
  }

  ShapeRules shapes() {
    return shapes;
  }

  Frame frame() {
    return frame;
  }

  /** Binds a local to its value; FAILED poisons it, so its uses are skipped silently. */
  void bind(String local, Value value) {
    bind(local, value, null, null);
  }

  /**
   * Binds a local: its value, its name in generated code (null until declared), and how to
   * declare it in the prologue when Java code reads it (null if it needs no declaration).
   */
  void bind(String local, Value value, String javaName, Runnable declare) {
    frame.bindings.put(local, new LocalBinding(value, javaName, declare));
    graph.name(value, graphName(local));
  }

  /** The name a local of the current frame has in the graph and in generated code. */
  String graphName(String local) {
    return frame.helper == null ? local : helperNames.getOrDefault(local, local);
  }

  /** Whether a simple name is a parameter or a local declared so far. */
  boolean isVariable(String name) {
    return frame.isVariable(name);
  }

  /** The node id of a value (an int constant becomes a Const node). */
  int id(Value v) {
    return graph.id(v);
  }

  /** The node id of a value read where a value of this kind goes. */
  int id(Value v, ValueKind kind) {
    return graph.id(v, kind);
  }

  /** The source text of a tree, for messages. */
  String text(Tree tree) {
    return text.of(tree);
  }

  /** The Java code of a tree in the current frame (reports what cannot be carried over). */
  JavaCode copy(Tree tree) {
    return frame.copier.copy(tree, frame);
  }

  /** The Java code of a tree in a given frame (a local declared lazily keeps its own). */
  JavaCode copyIn(Frame in, Tree tree) {
    Frame now = frame;
    Map<String, String> names = helperNames;
    frame = in;
    try {
      return copy(tree);
    } finally {
      frame = now;
      helperNames = names;
    }
  }

  /** The prologue being built. */
  DataPrologue prologue() {
    return prologue;
  }

  /** The wrt parameter a value depends on, or null. */
  String wrtSource(Value v) {
    return graph.wrtSource(v);
  }

  Value read(ExpressionTree tree) {
    if (tree instanceof ParenthesizedTree p) {
      Value inner = read(p.getExpression());
      return inner.isData() && !inner.isInt()
          ? Value.data(copy(tree), inner.kind(), inner.data().constant(), null) : inner;
    }
    if (tree instanceof IdentifierTree id) {
      return identifier(id);
    }
    if (tree instanceof LiteralTree literal) {
      return literal(literal);
    }
    if (tree instanceof MethodInvocationTree call) {
      return call(call);
    }
    if (tree instanceof BinaryTree binary) {
      return binary(binary);
    }
    if (tree instanceof UnaryTree unary) {
      return unary(unary);
    }
    // An assignment is an expression in Java (return f(a = b)); it is caught wherever it is.
    if (tree instanceof AssignmentTree assignment) {
      return assignment(tree, assignment.getVariable(), assignment.getExpression());
    }
    if (tree instanceof CompoundAssignmentTree assignment) {
      return assignment(tree, assignment.getVariable(), assignment.getExpression());
    }
    if (tree instanceof MemberSelectTree select) {
      return memberSelect(select);
    }
    if (tree instanceof TypeCastTree cast) {
      return data(tree, cast.getType() instanceof PrimitiveTypeTree p && numeric(p.getPrimitiveTypeKind())
          ? ValueKind.SCALAR : ValueKind.UNKNOWN);
    }
    // Everything else is data: Java run as written (a wrt-dependent variable in it is an error).
    return data(tree, ValueKind.UNKNOWN);
  }

  /** A data value: the tree's code, checked and carried over. */
  private Value data(ExpressionTree tree, ValueKind kind) {
    int before = problems.count();
    JavaCode code = copy(tree);
    return problems.count() > before ? Value.FAILED : Value.data(code, kind, null, null);
  }

  // ---------------------------------------------------------------- leaves

  private Value identifier(IdentifierTree tree) {
    String name = tree.getName().toString();
    LocalBinding bound = frame.bindings.get(name);
    if (bound != null) {
      if (bound.value == null) {
        // Parameters enter the graph where they are first used, like every other node.
        bound.value = graph.parameter(params.get(name));
      }
      return bound.value;
    }
    if (name.equals("this") || name.equals("super")) {
      problems.on(tree, Message.NOT_CARRIED_OVER, "'" + name + "'");
      return Value.FAILED;
    }
    Optional<VariableElement> field = frame.scope.field(name);
    if (field.isPresent()) {
      Object constant = field.get().getConstantValue();
      return constant != null ? constant(constant) : data(tree, kindOf(field.get().asType()));
    }
    if (frame.scope.type(name).isPresent()) {
      problems.on(tree, Message.UNSUPPORTED_EXPRESSION, "the type name '" + name + "'");
    } else {
      problems.on(tree, Message.UNKNOWN_NAME, "'" + name + "'");
    }
    return Value.FAILED;
  }

  /** A compile-time constant, folded: int-like ones stay ints, a double is a constant. */
  private static Value constant(Object c) {
    if (c instanceof Integer || c instanceof Short || c instanceof Byte) {
      return Value.ofInt(((Number) c).intValue());
    }
    JavaCode code = JavaCode.text(JavaCopier.literal(c));
    if (c instanceof Double d) {
      return Value.data(code, ValueKind.SCALAR, d, null);
    }
    boolean numeric = c instanceof Number || c instanceof Character;
    return Value.data(code, numeric ? ValueKind.SCALAR : ValueKind.UNKNOWN, null, null);
  }

  private Value literal(LiteralTree tree) {
    switch (tree.getKind()) {
      case INT_LITERAL:
        // javac folds a minus sign into the literal itself (-2), so negative ints arrive here.
        return Value.ofInt((Integer) tree.getValue());
      case DOUBLE_LITERAL:
        return Value.data(copy(tree), ValueKind.SCALAR, (Double) tree.getValue(), null);
      case LONG_LITERAL:
      case FLOAT_LITERAL:
      case CHAR_LITERAL:
        return Value.data(copy(tree), ValueKind.SCALAR, null, null);
      default:
        return Value.data(copy(tree), ValueKind.UNKNOWN, null, null);
    }
  }

  /** A field access: a folded constant, or data ({@code labels.length}, {@code Outer.table}). */
  private Value memberSelect(MemberSelectTree tree) {
    Optional<TypeElement> owner = frame.copier.typeNamed(tree.getExpression(), frame);
    if (owner.isPresent()) {
      for (var member : frame.scope.elements().getAllMembers(owner.get())) {
        if (member instanceof VariableElement field
            && member.getSimpleName().contentEquals(tree.getIdentifier())) {
          Object constant = field.getConstantValue();
          return constant != null ? constant(constant) : data(tree, kindOf(field.asType()));
        }
      }
    }
    return data(tree, tree.getIdentifier().contentEquals("length") ? ValueKind.SCALAR
        : ValueKind.UNKNOWN);
  }

  /**
   * The leaf of a data value the differentiable path reads: a prologue variable by its name,
   * another expression by a name made from its text, declared at the end of the prologue.
   */
  private int leaf(Value v, ValueKind kind) {
    boolean matrix = kind == ValueKind.MATRIX;
    String name = v.data().local();
    if (name == null) {
      name = prologue.fresh(DataPrologue.nameFor(v.data().code()));
      prologue.declareUnnamed(matrix ? JavaCode.type(JavaCode.MATRIX) : JavaCode.text("double"), name,
          v.data().code());
    }
    return graph.parameter(prologue.leaf(name, matrix)).id();
  }

  // ---------------------------------------------------------------- scalar arithmetic

  private Value binary(BinaryTree tree) {
    String op = TreeWords.arithmetic(tree.getKind());
    // Operands first: their own mistakes are independent of the operator's.
    Value left = read(tree.getLeftOperand());
    Value right = read(tree.getRightOperand());
    if (left.failed() || right.failed()) {
      return Value.FAILED;
    }
    if (op != null && left.isInt() && right.isInt()) {
      return intArithmetic(tree, op, left.intValue(), right.intValue());
    }
    if (left.isData() && right.isData()) {
      // Java on data, as written: int division stays int division.
      boolean numbers = op != null && left.kind() == ValueKind.SCALAR
          && right.kind() == ValueKind.SCALAR;
      return Value.data(copy(tree), numbers ? ValueKind.SCALAR : ValueKind.UNKNOWN,
          numbers ? fold(op, left, right) : null, null);
    }
    if (op == null && javaComputable(left) && javaComputable(right)) {
      // % < == && ... on data (a parameter not in wrt included): Java as written.
      return Value.data(copy(tree), ValueKind.UNKNOWN, null, null);
    }
    if (op == null) {
      problems.on(tree, Message.UNSUPPORTED_OPERATOR, symbol(tree));
      return Value.FAILED;
    }
    // javac rejects these too, but only we can say which op was probably meant.
    if (left.kind() == ValueKind.MATRIX || right.kind() == ValueKind.MATRIX) {
      ExpressionTree matrix = left.kind() == ValueKind.MATRIX ? tree.getLeftOperand()
          : tree.getRightOperand();
      problems.on(tree, Message.MATRIX_OPERATOR, op, text(matrix),
          TreeWords.matrixAlternative(op));
      return Value.FAILED;
    }
    int a = graph.id(left);
    int b = graph.id(right);
    Node n = switch (op) {
      case "+" -> new Node.ScalarAdd(a, b);
      case "-" -> new Node.ScalarSub(a, b);
      case "*" -> new Node.ScalarMul(a, b);
      default -> new Node.ScalarDiv(a, b);
    };
    return Value.node(graph.add(n), ValueKind.SCALAR);
  }

  /** The double value of arithmetic on two constants at least one of which is a double; or null. */
  private static Double fold(String op, Value left, Value right) {
    Double a = left.isInt() ? Double.valueOf(left.intValue()) : left.data().constant();
    Double b = right.isInt() ? Double.valueOf(right.intValue()) : right.data().constant();
    if (a == null || b == null || left.isInt() && right.isInt()) {
      return null;
    }
    return switch (op) {
      case "+" -> a + b;
      case "-" -> a - b;
      case "*" -> a * b;
      default -> a / b;
    };
  }

  /** Java's int arithmetic (wrapping, truncating division), as the method computes it. */
  private Value intArithmetic(BinaryTree tree, String op, int a, int b) {
    switch (op) {
      case "+":
        return Value.ofInt(a + b);
      case "-":
        return Value.ofInt(a - b);
      case "*":
        return Value.ofInt(a * b);
      default:
        if (b == 0) {
          problems.on(tree, Message.INT_DIVISION_BY_ZERO, text(tree));
          return Value.FAILED;
        }
        return Value.ofInt(a / b);
    }
  }

  private Value unary(UnaryTree tree) {
    switch (tree.getKind()) {
      case UNARY_MINUS:
      case UNARY_PLUS:
        break;
      case PREFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_INCREMENT:
      case POSTFIX_DECREMENT:
        return assignment(tree, tree.getExpression(), null);
      default: {
        Value v = read(tree.getExpression());
        if (v.failed()) {
          return v;
        }
        if (javaComputable(v)) {
          return Value.data(copy(tree), ValueKind.UNKNOWN, null, null);
        }
        problems.on(tree, Message.UNSUPPORTED_OPERATOR, symbol(tree));
        return Value.FAILED;
      }
    }
    boolean minus = tree.getKind() == Tree.Kind.UNARY_MINUS;
    Value v = read(tree.getExpression());
    if (v.failed()) {
      return v;
    }
    if (v.kind() == ValueKind.MATRIX) {
      problems.on(tree, Message.MATRIX_OPERATOR, minus ? "unary -" : "unary +",
          text(tree.getExpression()), minus ? "use neg(A)" : "write the matrix alone");
      return Value.FAILED;
    }
    if (v.isInt()) {
      return minus ? Value.ofInt(-v.intValue()) : v;
    }
    if (v.isData()) {
      Double c = v.data().constant();
      return Value.data(copy(tree), v.kind(), c == null ? null : minus ? -c : c, null);
    }
    if (!minus) {
      return v;
    }
    return Value.node(graph.add(new Node.ScalarNeg(v.id())), ValueKind.SCALAR);
  }

  /** Any assignment, compound assignment or increment: never allowed in a body. */
  private Value assignment(Tree tree, ExpressionTree target, ExpressionTree value) {
    if (value != null) {
      read(value);
    }
    if (target instanceof IdentifierTree id && isVariable(id.getName().toString())) {
      problems.on(tree, Message.REASSIGNMENT, text(tree), id.getName());
    } else {
      problems.on(tree, Message.UNSUPPORTED_EXPRESSION, "assignment '" + text(tree) + "'");
    }
    return Value.FAILED;
  }

  // ---------------------------------------------------------------- calls

  private Value call(MethodInvocationTree tree) {
    if (onPoisonedValue(tree)) {
      return Value.FAILED;
    }
    if (tree.getMethodSelect() instanceof MemberSelectTree ms) {
      String dotted = NameScope.dottedName(ms.getExpression());
      String first = dotted == null ? null : dotted.split("\\.")[0];
      if ("this".equals(first) || "super".equals(first)) {
        problems.on(ms.getExpression(), Message.NOT_CARRIED_OVER, "'" + first + "'");
        return Value.FAILED;
      }
    }
    Callee callee = frame.resolver.resolve(tree, null);
    if (callee.unknownReason() != null) {
      for (ExpressionTree arg : tree.getArguments()) {
        read(arg);
      }
      // On the method's name, where javac itself reports an unresolvable call.
      problems.on(tree.getMethodSelect(), Message.UNKNOWN_CALL, text(tree),
          callee.unknownReason());
      return Value.FAILED;
    }
    if (callee.java() || callee.helpers() != null) {
      IdentifierTree dependent = isShapeQuery(tree) ? null : wrtDependent(tree);
      if (dependent == null) {
        if (callee.helpers() != null && inlinable(callee.helpers(), tree)) {
          // A helper of the class that follows the body rules is inlined on data too: its DSL
          // ops run as generated loops.
          return helper(tree, callee.helpers(), null, null);
        }
        // Called with data only: Java as written (a shape query is an int).
        return data(tree, isShapeQuery(tree) ? ValueKind.SCALAR : ValueKind.UNKNOWN);
      }
      String source = wrtSourceOf(dependent.getName().toString(),
          frame.bindings.get(dependent.getName().toString()));
      if (callee.helpers() != null) {
        return helper(tree, callee.helpers(), dependent, source);
      }
      if (callee.owner() != null && trees.getPath(callee.owner()) != null) {
        String name = tree.getMethodSelect() instanceof MemberSelectTree ms
            ? ms.getIdentifier().toString() : text(tree.getMethodSelect());
        problems.on(tree.getMethodSelect(), Message.HELPER_IN_OTHER_FILE, name,
            callee.owner().getQualifiedName(), "'" + dependent.getName() + "'", source);
        return Value.FAILED;
      }
      // A library method on the differentiable path.
      problems.on(dependent, Message.WRT_DEPENDENT_DATA, "'" + dependent.getName() + "'", source,
          "'" + text(tree) + "'");
      return Value.FAILED;
    }
    List<Value> args = new ArrayList<>();
    for (ExpressionTree arg : tree.getArguments()) {
      args.add(read(arg));
    }
    // Ops.<T>mul(...) compiles (the type argument is ignored) but is no DSL call.
    if (!tree.getTypeArguments().isEmpty()) {
      problems.on(tree.getTypeArguments().get(0), Message.UNSUPPORTED_EXPRESSION,
          "a call with explicit type arguments");
      return Value.FAILED;
    }
    if (callee.indexOp() != null) {
      return indexOp(tree, callee.indexOp(), args);
    }
    if (callee.mathName() != null && !args.isEmpty()
        && EntrywiseFunction.forMathName(callee.mathName()) == null
        && !callee.mathName().equals("pow")
        && args.stream().allMatch(a -> javaComputable(a) || a.failed())) {
      // Math beyond the DSL's, on data, is Java as written (Math.floor, Math.max, ...); the
      // DSL's own functions stay on the graph even on data, as every DSL op does.
      return args.stream().anyMatch(Value::failed) ? Value.FAILED : data(tree, ValueKind.SCALAR);
    }
    // Any Matrix argument picks the Matrix overload: sub(1, A) is 1 − A, not a scalar op.
    callee = frame.resolver.resolve(tree, args.isEmpty() || args.get(0).failed() ? null
        : args.stream().anyMatch(a -> a.kind() == ValueKind.MATRIX) ? ValueKind.MATRIX
        : args.get(0).kind() == ValueKind.UNKNOWN ? ValueKind.SCALAR : args.get(0).kind());
    if (callee.unknownReason() != null) {
      problems.on(tree.getMethodSelect(), Message.UNKNOWN_CALL, text(tree),
          callee.unknownReason());
      return Value.FAILED;
    }
    return callee.op() != null
        ? calls.ops(tree, callee.op(), args)
        : calls.math(tree, callee.mathName(), args);
  }

  /**
   * The first variable in the call's receiver or arguments that depends on a wrt parameter,
   * skipping the receivers of shape queries ({@code W.rows()}); null if there is none.
   */
  private IdentifierTree wrtDependent(MethodInvocationTree call) {
    IdentifierTree[] found = new IdentifierTree[1];
    TreeScanner<Void, Void> scanner = new TreeScanner<>() {
      @Override
      public Void visitIdentifier(IdentifierTree id, Void unused) {
        String name = id.getName().toString();
        LocalBinding b = frame.bindings.get(name);
        if (found[0] == null && b != null && wrtSourceOf(name, b) != null) {
          found[0] = id;
        }
        return null;
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree inner, Void unused) {
        return isShapeQuery(inner) ? null : super.visitMethodInvocation(inner, null);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
        return null;
      }
    };
    if (call.getMethodSelect() instanceof MemberSelectTree ms) {
      scanner.scan(ms.getExpression(), null);
    }
    scanner.scan(call.getArguments(), null);
    return found[0];
  }

  /** The class generated code checks index arrays with. */
  private static final JavaCode.TypeRef INDEXING =
      new JavaCode.TypeRef("dev.tracegrad.kernel", List.of("Indexing"));

  /** The class generated code reads data sizes through. */
  private static final JavaCode.TypeRef CHECKS =
      new JavaCode.TypeRef("dev.tracegrad.kernel", List.of("Checks"));

  /**
   * {@code pick(A, idx)} and {@code gatherCols(E, idx)}: ops of their own over an index array,
   * an {@code int[]} leaf the passes take by name (an expression other than a name is given one
   * in the data prologue). The prologue checks the array where it is read, so a bad one throws
   * before any output is written: its length (pick: one entry per column of A) and the range of
   * every entry (the rows of A, the columns of E).
   */
  private Value indexOp(MethodInvocationTree tree, String name, List<Value> args) {
    String signature = name + "(Matrix, int[])";
    if (args.size() != 2) {
      problems.on(tree.getMethodSelect(), Message.WRONG_ARITY, text(tree), args.size(),
          signature, 2);
      return Value.FAILED;
    }
    Value a = args.get(0);
    Value idx = args.get(1);
    if (a.failed() || idx.failed()) {
      return Value.FAILED;
    }
    ExpressionTree aTree = tree.getArguments().get(0);
    ExpressionTree idxTree = tree.getArguments().get(1);
    if (a.kind() == ValueKind.SCALAR) {
      problems.on(aTree, Message.EXPECTED_MATRIX, text(aTree), "argument 1 of " + signature);
      return Value.FAILED;
    }
    if (!idx.isData()) {
      problems.on(idxTree, Message.INDEX_ARRAY, text(idxTree), idx.kind().javaName(), signature);
      return Value.FAILED;
    }
    int aId = graph.id(a, ValueKind.MATRIX);
    var shape = graph.builder().shape(aId);
    boolean pick = name.equals("pick");
    String array = idx.data().local();
    if (array == null) {
      array = prologue.fresh(DataPrologue.nameFor(idx.data().code()));
      prologue.declareUnnamed(JavaCode.text("int[]"), array, idx.data().code());
    }
    JavaCode check = JavaCode.type(INDEXING).plus(JavaCode.text(".checked(" + array + ", "))
        .plus(dimCode(pick ? shape.rows() : shape.cols())).plus(JavaCode.text(", "))
        .plus(pick ? dimCode(shape.cols()) : JavaCode.text("-1"))
        .plus(JavaCode.text(", " + JavaCopier.literal(text(idxTree)) + ").length"));
    prologue.declare(JavaCode.text("int"), prologue.fresh(array + "Count"), check);
    prologue.indexLeaf(array);
    Node op = pick ? new Node.Pick(aId, array) : new Node.GatherCols(aId, array);
    return Value.node(graph.add(op), ValueKind.MATRIX);
  }

  /** The code of a dimension in the generated public methods: {@code W.rows()}, {@code 1}, .... */
  private static JavaCode dimCode(Dim d) {
    if (d instanceof Dim.Fixed f) {
      return JavaCode.text(Integer.toString(f.n()));
    }
    if (d instanceof Dim.Of of) {
      return JavaCode.text(of.param() + "." + of.axis().accessor() + "()");
    }
    if (d instanceof Dim.DataValue v) {
      return JavaCode.type(CHECKS).plus(JavaCode.text(".size(" + v.name() + ", "
          + JavaCopier.literal(v.name()) + ")"));
    }
    if (d instanceof Dim.Length v) {
      return JavaCode.text(v.array() + ".length");
    }
    return JavaCode.text("1");
  }

  /**
   * Whether a helper called with data only is inlined: one static, non-generic method taking the
   * call's arguments, whose body is local declarations and one return (no loop, no if), not
   * already being inlined.
   */
  private boolean inlinable(List<ExecutableElement> overloads, MethodInvocationTree call) {
    ExecutableElement helper = overloads.get(0);
    if (overloads.size() != 1 || !helper.getModifiers().contains(Modifier.STATIC)
        || helper.isVarArgs() || !helper.getTypeParameters().isEmpty()
        || helper.getParameters().size() != call.getArguments().size()
        || inlining.contains(helper)) {
      return false;
    }
    MethodTree method = trees.getTree(helper);
    if (method == null || method.getBody() == null) {
      return false;
    }
    List<? extends com.sun.source.tree.StatementTree> statements = method.getBody().getStatements();
    for (int i = 0; i < statements.size(); i++) {
      boolean last = i == statements.size() - 1;
      if (!(statements.get(i) instanceof com.sun.source.tree.VariableTree)
          && !(last && statements.get(i) instanceof com.sun.source.tree.ReturnTree)) {
        return false;
      }
    }
    return !statements.isEmpty();
  }

  /** {@code x.rows()} or {@code x.cols()} of a variable: data, whatever x depends on. */
  private static boolean isShapeQuery(MethodInvocationTree call) {
    return call.getArguments().isEmpty()
        && call.getMethodSelect() instanceof MemberSelectTree ms
        && ms.getExpression() instanceof IdentifierTree
        && (ms.getIdentifier().contentEquals("rows") || ms.getIdentifier().contentEquals("cols"));
  }

  /**
   * Whether Java can compute the value as written: data, or a leaf of data (a parameter or a
   * data local not in wrt); not a value that depends on wrt or that only the graph computes.
   */
  private boolean javaComputable(Value v) {
    return !v.failed() && v.data() != null && graph.wrtSource(v) == null;
  }

  /** The wrt parameter a variable depends on, or null. */
  private String wrtSourceOf(String name, LocalBinding b) {
    if (b.value == null) {
      return frame.helper == null && wrtNames.contains(name) ? name : null;
    }
    return b.value.failed() ? null : graph.wrtSource(b.value);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Inlines a helper method of the class called with a wrt-dependent argument: its parameters
   * are bound to the arguments' values and its body is read like the annotated method's. A body
   * that breaks the rules is reported at the call, with its first problem at that construct.
   */
  private Value helper(MethodInvocationTree tree, List<ExecutableElement> overloads,
      IdentifierTree dependent, String source) {
    String display = dependent == null ? null : "'" + dependent.getName() + "'";
    ExecutableElement helper = overloads.get(0);
    String name = helper.getSimpleName().toString();
    String why = overloads.size() > 1 ? "it is overloaded (" + overloads.size() + " methods)"
        : !helper.getModifiers().contains(Modifier.STATIC) ? "it is not static"
        : helper.getParameters().size() != tree.getArguments().size() ? "it takes "
            + helper.getParameters().size() + " argument(s)"
            + (DslOp.forOpsName(name) == null ? "" : ", and it hides Ops." + name
                + " here; write Ops." + name + "(...) to call the op")
        : helper.isVarArgs() || !helper.getTypeParameters().isEmpty()
            ? "it is varargs or generic" : null;
    MethodTree body = why == null ? trees.getTree(helper) : null;
    if (why == null && (body == null || body.getBody() == null)) {
      why = "its body is not available";
    }
    if (why != null) {
      problems.on(tree.getMethodSelect(), Message.HELPER_NOT_SINGLE, name, display, source, why);
      return Value.FAILED;
    }
    if (inlining.contains(helper)) {
      List<String> cycle = new ArrayList<>();
      inlining.descendingIterator().forEachRemaining(h -> cycle.add(h.getSimpleName().toString()));
      cycle.add(name);
      // Reported once, where the outermost problems go: every inlining around it fails silently.
      problems.onOutermost(tree.getMethodSelect(), Message.HELPER_RECURSION, name,
          String.join(" -> ", cycle));
      return Value.FAILED;
    }
    List<Value> args = new ArrayList<>();
    for (ExpressionTree arg : tree.getArguments()) {
      args.add(read(arg));
    }
    if (args.stream().anyMatch(Value::failed)) {
      return Value.FAILED;
    }
    boolean ok = true;
    for (int i = 0; i < args.size(); i++) {
      VariableElement p = helper.getParameters().get(i);
      String argSource = graph.wrtSource(args.get(i));
      if (argSource != null && kindOf(p.asType()) == ValueKind.UNKNOWN) {
        problems.on(tree.getArguments().get(i), Message.HELPER_PARAMETER_TYPE,
            p.getSimpleName(), name, p.asType(), "'" + text(tree.getArguments().get(i)) + "'",
            argSource);
        ok = false;
      }
    }
    if (!ok) {
      return Value.FAILED;
    }

    Frame caller = frame;
    Map<String, String> callerNames = helperNames;
    Frame inner = new Frame(new NameScope(caller.scope.elements(),
        (TypeElement) helper.getEnclosingElement(), trees.getPath(helper).getCompilationUnit()),
        helper);
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      VariableElement p = helper.getParameters().get(i);
      String pname = p.getSimpleName().toString();
      Value arg = args.get(i);
      ExpressionTree argTree = tree.getArguments().get(i);
      LocalBinding b;
      if (arg.isData() && arg.data().local() != null) {
        b = new LocalBinding(arg, arg.data().local(), null);
      } else if (arg.isData() && !arg.isInt() && arg.data().constant() == null) {
        // data computed by an expression: a local named after the parameter, evaluated once
        String local = prologue.fresh(pname);
        prologue.declare(JavaCopier.type(caller.scope.elements(), p.asType()), local,
            arg.data().code());
        b = new LocalBinding(Value.data(JavaCode.text(local), arg.kind(), null, local), local, null);
      } else if (graph.wrtSource(arg) != null) {
        b = new LocalBinding(arg, null, null);
      } else {
        LocalBinding[] self = new LocalBinding[1];
        JavaCode type = JavaCopier.type(caller.scope.elements(), p.asType());
        b = new LocalBinding(arg, null, () -> {
          Frame now = frame;
          frame = caller;
          JavaCode init = copy(argTree);
          frame = now;
          String local = prologue.fresh(pname);
          prologue.declare(type, local, init);
          self[0].javaName = local;
        });
        self[0] = b;
      }
      inner.bindings.put(pname, b);
    }
    problems.beginAside();
    inlining.push(helper);
    frame = inner;
    helperNames = names;
    Value result;
    try {
      result = new BodyReader(this, problems, inner.scope, null)
          .readHelper(helper, body.getBody(), names);
    } finally {
      frame = caller;
      helperNames = callerNames;
      inlining.pop();
    }
    String first = problems.endAside();
    if (result == null && first == null) {
      return Value.FAILED; // a recursion below, already reported
    }
    if (first != null && dependent == null) {
      problems.on(tree.getMethodSelect(), Message.HELPER_ON_DATA_BREAKS_RULES, name,
          first.substring(first.indexOf(']') + 2));
      problems.recordAside();
      return Value.FAILED;
    }
    if (first != null) {
      problems.on(tree.getMethodSelect(), Message.HELPER_BREAKS_RULES, name, display, source,
          first.substring(first.indexOf(']') + 2));
      problems.recordAside();
      return Value.FAILED;
    }
    return result;
  }

  /**
   * Whether a call is made on a local or parameter whose declaration is in error ({@code
   * label.length()} with a bad {@code String label}): a use of it, so silent like any other.
   */
  private boolean onPoisonedValue(MethodInvocationTree tree) {
    if (!(tree.getMethodSelect() instanceof MemberSelectTree ms)) {
      return false;
    }
    String dotted = NameScope.dottedName(ms.getExpression());
    if (dotted == null) {
      return false;
    }
    String first = dotted.contains(".") ? dotted.substring(0, dotted.indexOf('.')) : dotted;
    LocalBinding bound = frame.bindings.get(first);
    return bound != null && bound.value != null && bound.value.failed();
  }

  /** The kind of a value of this Java type. */
  static ValueKind kindOf(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED
        && type.toString().equals(SignatureReader.MATRIX)) {
      return ValueKind.MATRIX;
    }
    return type.getKind().isPrimitive() && numeric(type.getKind()) ? ValueKind.SCALAR
        : ValueKind.UNKNOWN;
  }

  /** The kind of a declared type, from its code. */
  private static ValueKind kindOf(JavaCode type) {
    String s = type.toString();
    if (s.equals(SignatureReader.MATRIX)) {
      return ValueKind.MATRIX;
    }
    return switch (s) {
      case "double", "float", "long", "int", "short", "byte", "char" -> ValueKind.SCALAR;
      default -> ValueKind.UNKNOWN;
    };
  }

  static boolean numeric(TypeKind kind) {
    return kind.isPrimitive() && kind != TypeKind.BOOLEAN;
  }

  /** The operator's symbol as written: the text between (or before) the operands. */
  private String symbol(Tree tree) {
    String all = text(tree);
    if (tree instanceof BinaryTree b) {
      String left = text(b.getLeftOperand());
      String right = text(b.getRightOperand());
      if (all.startsWith(left) && all.endsWith(right)
          && all.length() >= left.length() + right.length()) {
        return all.substring(left.length(), all.length() - right.length()).trim();
      }
    }
    if (tree instanceof UnaryTree u) {
      int at = all.indexOf(text(u.getExpression()));
      if (at > 0) {
        return all.substring(0, at).trim();
      }
    }
    return TreeWords.kindName(tree);
  }
}
