package dev.tracegrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import dev.tracegrad.processor.diagnostic.Message;
import dev.tracegrad.processor.ir.JavaCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;

/**
 * Carries a data expression of the body over into the generated class (front end). Bodies are
 * not attributed while processors run, so the expression's source is copied with every name made
 * unambiguous by Java's scoping rules ({@link NameScope}): variables become the names the
 * generated methods give them, members of the enclosing classes are qualified with their class,
 * statically imported members with theirs, types become type references the emit stage writes
 * through its imports, and compile-time constants become literals. What cannot be carried over
 * (a private member, a lambda, {@code this}) is reported on its tree.
 */
final class JavaCopier {
  /** How the reader names the body's variables in generated code. */
  interface BodyVariables {
    /** Whether the simple name is a parameter, a local or an inlined helper's parameter here. */
    boolean isVariable(String name);

    /**
     * The code of the variable at this tree in the generated methods; reports (and returns
     * null for) a variable that depends on a wrt parameter.
     */
    JavaCode variable(IdentifierTree tree);

    /**
     * The code of {@code x.rows()} or {@code x.cols()} for a Matrix variable (a shape never
     * depends on values, so wrt ones are fine), or null to copy it as written.
     */
    JavaCode shape(IdentifierTree matrix, String accessor);
  }

  private final SourceText text;
  private final NameScope scope;
  private final Problems problems;

  JavaCopier(SourceText text, NameScope scope, Problems problems) {
    this.text = text;
    this.scope = scope;
    this.problems = problems;
  }

  /** The copy of a tree (an expression, or a type as written). */
  JavaCode copy(Tree tree, BodyVariables vars) {
    String raw = text.raw(tree);
    if (raw == null) {
      return JavaCode.text(tree.toString());
    }
    long base = text.start(tree);
    List<Replacement> replacements = new ArrayList<>();
    new CopyScanner(vars, replacements).scan(tree, null);
    replacements.sort(Comparator.comparingLong(Replacement::start));
    List<JavaCode.Part> parts = new ArrayList<>();
    int cursor = 0;
    for (Replacement r : replacements) {
      int from = (int) (r.start() - base);
      if (from < cursor) {
        continue; // inside a replaced span
      }
      if (from > cursor) {
        parts.add(new JavaCode.Text(raw.substring(cursor, from)));
      }
      parts.addAll(r.code().parts());
      cursor = (int) (r.end() - base);
    }
    if (cursor < raw.length()) {
      parts.add(new JavaCode.Text(raw.substring(cursor)));
    }
    return new JavaCode(parts);
  }

  /** A declared type, as generated code writes it. */
  JavaCode type(TypeMirror type) {
    return type(scope.elements(), type);
  }

  /** A declared type, as generated code writes it. */
  static JavaCode type(Elements elements, TypeMirror type) {
    switch (type.getKind()) {
      case ARRAY:
        return type(elements, ((ArrayType) type).getComponentType()).plus(JavaCode.text("[]"));
      case DECLARED: {
        DeclaredType d = (DeclaredType) type;
        JavaCode out = JavaCode.type(typeRef(elements, (TypeElement) d.asElement()));
        if (!d.getTypeArguments().isEmpty()) {
          out = out.plus(JavaCode.text("<"));
          for (int i = 0; i < d.getTypeArguments().size(); i++) {
            out = out.plus(JavaCode.text(i == 0 ? "" : ", "))
                .plus(type(elements, d.getTypeArguments().get(i)));
          }
          out = out.plus(JavaCode.text(">"));
        }
        return out;
      }
      case WILDCARD: {
        WildcardType w = (WildcardType) type;
        if (w.getExtendsBound() != null) {
          return JavaCode.text("? extends ").plus(type(elements, w.getExtendsBound()));
        }
        if (w.getSuperBound() != null) {
          return JavaCode.text("? super ").plus(type(elements, w.getSuperBound()));
        }
        return JavaCode.text("?");
      }
      default:
        return JavaCode.text(type.toString());
    }
  }

  /** A class as a type reference: its package and its simple names from the top level down. */
  JavaCode.TypeRef typeRef(TypeElement type) {
    return typeRef(scope.elements(), type);
  }

  /** A class as a type reference. */
  static JavaCode.TypeRef typeRef(Elements elements, TypeElement type) {
    Deque<String> names = new ArrayDeque<>();
    Element e = type;
    for (; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      names.addFirst(t.getSimpleName().toString());
    }
    String pkg = elements.getPackageOf(type).getQualifiedName().toString();
    return new JavaCode.TypeRef(pkg, List.copyOf(names));
  }

  /** The literal of a compile-time constant, as Java reads it back to the same value. */
  static String literal(Object value) {
    if (value instanceof Double d) {
      if (d.isNaN()) {
        return "(0.0 / 0.0)";
      }
      if (d.isInfinite()) {
        return d > 0 ? "(1.0 / 0.0)" : "(-1.0 / 0.0)";
      }
      String s = Double.toString(d);
      return s.startsWith("-") ? "(" + s + ")" : s;
    }
    if (value instanceof Float f) {
      if (f.isNaN()) {
        return "(0.0f / 0.0f)";
      }
      if (f.isInfinite()) {
        return f > 0 ? "(1.0f / 0.0f)" : "(-1.0f / 0.0f)";
      }
      String s = Float.toString(f) + "f";
      return s.startsWith("-") ? "(" + s + ")" : s;
    }
    if (value instanceof Long l) {
      return l < 0 ? "(" + l + "L)" : l + "L";
    }
    if (value instanceof Integer i) {
      return i < 0 ? "(" + i + ")" : Integer.toString(i);
    }
    if (value instanceof Short s) {
      return "((short) " + s + ")";
    }
    if (value instanceof Byte b) {
      return "((byte) " + b + ")";
    }
    if (value instanceof Character c) {
      return String.format("'\\u%04x'", (int) c);
    }
    if (value instanceof String s) {
      return stringLiteral(s);
    }
    return String.valueOf(value);
  }

  private static String stringLiteral(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** The class a type name written in the body denotes, or empty. */
  Optional<TypeElement> typeNamed(ExpressionTree tree, BodyVariables vars) {
    if (tree instanceof IdentifierTree id) {
      String name = id.getName().toString();
      if (vars.isVariable(name) || scope.field(name).isPresent()) {
        return Optional.empty();
      }
      return scope.type(name).map(c -> scope.elements().getTypeElement(c));
    }
    if (tree instanceof MemberSelectTree ms) {
      Optional<TypeElement> outer = typeNamed(ms.getExpression(), vars);
      if (outer.isPresent()) {
        for (Element member : outer.get().getEnclosedElements()) {
          if ((member.getKind().isClass() || member.getKind().isInterface())
              && member.getSimpleName().contentEquals(ms.getIdentifier())) {
            return Optional.of((TypeElement) member);
          }
        }
        return Optional.empty();
      }
      String dotted = NameScope.dottedName(ms);
      String first = dotted == null ? null : dotted.substring(0, dotted.indexOf('.'));
      if (first == null || vars.isVariable(first) || scope.field(first).isPresent()
          || scope.type(first).isPresent()) {
        return Optional.empty();
      }
      return Optional.ofNullable(scope.elements().getTypeElement(dotted));
    }
    return Optional.empty();
  }

  private record Replacement(long start, long end, JavaCode code) {}

  private final class CopyScanner extends TreeScanner<Void, Void> {
    private final BodyVariables vars;
    private final List<Replacement> out;

    CopyScanner(BodyVariables vars, List<Replacement> out) {
      this.vars = vars;
      this.out = out;
    }

    private void replace(Tree tree, JavaCode code) {
      out.add(new Replacement(text.start(tree), text.end(tree), code));
    }

    @Override
    public Void visitIdentifier(IdentifierTree id, Void unused) {
      String name = id.getName().toString();
      if (name.equals("this") || name.equals("super")) {
        problems.on(id, Message.NOT_CARRIED_OVER, "'" + name + "'");
        return null;
      }
      if (vars.isVariable(name)) {
        JavaCode code = vars.variable(id);
        if (code != null && !code.toString().equals(name)) {
          replace(id, code);
        }
        return null;
      }
      Optional<VariableElement> field = scope.field(name);
      if (field.isPresent()) {
        replace(id, member(id, field.get()));
        return null;
      }
      Optional<String> type = scope.type(name);
      if (type.isPresent()) {
        TypeElement t = scope.elements().getTypeElement(type.get());
        if (t != null) {
          checkAccessible(id, t, t.getQualifiedName().toString());
          replace(id, JavaCode.type(typeRef(t)));
        }
      }
      return null;
    }

    /** A field read by its simple name or on its class: a literal, or qualified with its class. */
    private JavaCode member(Tree at, VariableElement field) {
      Object constant = field.getConstantValue();
      if (constant != null) {
        return JavaCode.text(literal(constant));
      }
      TypeElement owner = (TypeElement) field.getEnclosingElement();
      checkAccessible(at, field, owner.getSimpleName() + "." + field.getSimpleName());
      return JavaCode.type(typeRef(owner)).plus(JavaCode.text("." + field.getSimpleName()));
    }

    private void checkAccessible(Tree at, Element e, String what) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        problems.on(at, Message.PRIVATE_MEMBER, what);
      }
    }

    @Override
    public Void visitMemberSelect(MemberSelectTree ms, Void unused) {
      Optional<TypeElement> self = typeNamed(ms, vars);
      if (self.isPresent()) {
        checkAccessible(ms, self.get(), self.get().getQualifiedName().toString());
        replace(ms, JavaCode.type(typeRef(self.get())));
        return null;
      }
      Optional<TypeElement> owner = typeNamed(ms.getExpression(), vars);
      if (owner.isEmpty()) {
        return super.visitMemberSelect(ms, null);
      }
      for (Element member : scope.elements().getAllMembers(owner.get())) {
        if (member.getKind() == ElementKind.FIELD
            && member.getSimpleName().contentEquals(ms.getIdentifier())) {
          replace(ms, member(ms, (VariableElement) member));
          return null;
        }
      }
      replace(ms.getExpression(), JavaCode.type(typeRef(owner.get())));
      return null;
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
      if (call.getMethodSelect() instanceof IdentifierTree id) {
        String name = id.getName().toString();
        List<ExecutableElement> methods = scope.methods(name);
        TypeElement owner = null;
        if (!methods.isEmpty()) {
          owner = (TypeElement) methods.get(0).getEnclosingElement();
          for (ExecutableElement m : methods) {
            checkAccessible(id, m, owner.getSimpleName() + "." + name);
          }
        } else {
          for (String o : scope.staticImportsOf(name, java.util.Set.of())) {
            owner = scope.elements().getTypeElement(o);
            break;
          }
        }
        if (owner != null) {
          replace(id, JavaCode.type(typeRef(owner)).plus(JavaCode.text("." + name)));
        }
        scan(call.getTypeArguments(), null);
        scan(call.getArguments(), null);
        return null;
      }
      if (call.getMethodSelect() instanceof MemberSelectTree ms && call.getArguments().isEmpty()
          && ms.getExpression() instanceof IdentifierTree receiver
          && vars.isVariable(receiver.getName().toString())
          && (ms.getIdentifier().contentEquals("rows") || ms.getIdentifier().contentEquals("cols"))) {
        JavaCode shape = vars.shape(receiver, ms.getIdentifier().toString());
        if (shape != null) {
          replace(call, shape);
          return null;
        }
      }
      if (call.getMethodSelect() instanceof MemberSelectTree ms) {
        Optional<TypeElement> owner = typeNamed(ms.getExpression(), vars);
        if (owner.isPresent()) {
          for (ExecutableElement m : scope.methodsOf(owner.get(), ms.getIdentifier().toString())) {
            checkAccessible(ms, m, owner.get().getSimpleName() + "." + ms.getIdentifier());
          }
        }
      }
      return super.visitMethodInvocation(call, null);
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
      problems.on(tree, Message.NOT_CARRIED_OVER, "a lambda expression");
      return null;
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
      problems.on(tree, Message.NOT_CARRIED_OVER, "a method reference");
      return null;
    }

    @Override
    public Void visitNewClass(NewClassTree tree, Void unused) {
      if (tree.getClassBody() != null) {
        problems.on(tree, Message.NOT_CARRIED_OVER, "an anonymous class");
        return null;
      }
      return super.visitNewClass(tree, null);
    }
  }
}
