package dev.tracegrad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import dev.tracegrad.processor.ir.DataStatement;
import dev.tracegrad.processor.ir.DeclaredParameter;
import dev.tracegrad.processor.ir.JavaCode;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * Emit stage: the one place that knows how the public methods of the generated class take the
 * annotated method's parameters (their declared types, in their positions) and evaluate its data
 * (the prologue, before the forward pass) — {@code value}, the {@code gradient}s,
 * {@code objective} and any other entry point call these.
 */
final class DataCode {
  private DataCode() {}

  /** The annotated method's parameters, with their declared types, in order. */
  static List<ParameterSpec> parameters(Program program) {
    List<ParameterSpec> out = new ArrayList<>();
    for (DeclaredParameter p : program.declared()) {
      out.add(ParameterSpec.builder(typeName(p.type()), p.name()).build());
    }
    return out;
  }

  /** The declared parameters of these names, in order (the data of {@code objective}). */
  static List<ParameterSpec> parameters(Program program, List<String> names) {
    return parameters(program).stream().filter(p -> names.contains(p.name())).toList();
  }

  /** The names of the declared parameters, comma-separated: a call passing them on. */
  static String declaredArgs(Program program) {
    return String.join(", ", program.declared().stream().map(DeclaredParameter::name).toList());
  }

  /** The leaves the passes take, comma-separated, as the public methods name them. */
  static String leafArgs(Program program) {
    return String.join(", ", program.params().stream().map(Parameter::name).toList());
  }

  /** Null checks of the declared Matrix parameters, which come before anything else. */
  static CodeBlock declaredNullChecks(Program program) {
    return nullChecks(program.declared());
  }

  /** {@code Checks.nonNull(x, "x")} for each Matrix among these parameters. */
  static CodeBlock nullChecks(List<DeclaredParameter> params) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (DeclaredParameter p : params) {
      if (p.matrix()) {
        b.addStatement("$T.nonNull($L, $L)", Types.CHECKS, p.name(), JavaText.stringLiteral(p.name()));
      }
    }
    return b.build();
  }

  /**
   * The prologue's declarations in order, then null checks of the Matrix values it computed that
   * the differentiable path reads; runs before the shape checks, so that it throws before any
   * output is written.
   */
  static CodeBlock prologue(Program program) {
    return prologue(program.prologue());
  }

  /** {@link #prologue(Program)} of these statements of the prologue (a part of it, in order). */
  static CodeBlock prologue(List<DataStatement> statements) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (DataStatement s : statements) {
      b.addStatement("$L $L = $L", code(s.type()), s.name(), code(s.init()));
    }
    for (DataStatement s : statements) {
      if (s.matrixLeaf()) {
        b.addStatement("$T.nonNull($L, $L)", Types.CHECKS, s.name(), JavaText.stringLiteral(s.name()));
      }
    }
    return b.build();
  }

  /** The names the prologue declares. */
  static List<String> prologueNames(Program program) {
    return program.prologue().stream().map(DataStatement::name).toList();
  }

  /** Source code with its types written through JavaPoet, which imports or qualifies them. */
  static CodeBlock code(JavaCode code) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (JavaCode.Part p : code.parts()) {
      if (p instanceof JavaCode.Text t) {
        b.add("$L", t.text());
      } else {
        b.add("$T", className((JavaCode.TypeRef) p));
      }
    }
    return b.build();
  }

  private static ClassName className(JavaCode.TypeRef t) {
    List<String> names = t.simpleNames();
    return ClassName.get(t.packageName(), names.get(0),
        names.subList(1, names.size()).toArray(new String[0]));
  }

  /**
   * A declared type as a JavaPoet type: primitives, arrays, classes and parameterized types
   * (with wildcards) read from its code, whose type references are already resolved.
   */
  static TypeName typeName(JavaCode code) {
    return new TypeReader(code.parts()).type();
  }

  /** Reads a type from code parts: text tokens and class references. */
  private static final class TypeReader {
    private final List<Object> tokens = new ArrayList<>();
    private int at;

    TypeReader(List<JavaCode.Part> parts) {
      for (JavaCode.Part p : parts) {
        if (p instanceof JavaCode.Text t) {
          for (String token : t.text().split("(?<=[<>,\\[\\]?])|(?=[<>,\\[\\]?])|\\s+")) {
            if (!token.isBlank()) {
              tokens.add(token.trim());
            }
          }
        } else {
          tokens.add(p);
        }
      }
    }

    TypeName type() {
      TypeName base = base();
      while (at < tokens.size() && "[".equals(tokens.get(at))) {
        at += 2;
        base = com.palantir.javapoet.ArrayTypeName.of(base);
      }
      return base;
    }

    private TypeName base() {
      Object t = tokens.get(at++);
      if (t instanceof JavaCode.TypeRef ref) {
        ClassName raw = className(ref);
        // a member type written after its outer class's reference: Outer.Inner
        while (at < tokens.size() && tokens.get(at) instanceof String s && s.startsWith(".")) {
          for (String n : s.substring(1).split("\\.")) {
            raw = raw.nestedClass(n);
          }
          at++;
        }
        if (at < tokens.size() && "<".equals(tokens.get(at))) {
          at++;
          List<TypeName> args = new ArrayList<>();
          while (true) {
            args.add(argument());
            Object next = tokens.get(at++);
            if (">".equals(next)) {
              break;
            }
          }
          return com.palantir.javapoet.ParameterizedTypeName.get(raw, args.toArray(new TypeName[0]));
        }
        return raw;
      }
      return switch ((String) t) {
        case "boolean" -> TypeName.BOOLEAN;
        case "byte" -> TypeName.BYTE;
        case "short" -> TypeName.SHORT;
        case "int" -> TypeName.INT;
        case "long" -> TypeName.LONG;
        case "char" -> TypeName.CHAR;
        case "float" -> TypeName.FLOAT;
        case "double" -> TypeName.DOUBLE;
        default -> throw new IllegalArgumentException("not a type: " + t);
      };
    }

    private TypeName argument() {
      if ("?".equals(tokens.get(at))) {
        at++;
        if (at < tokens.size() && "extends".equals(tokens.get(at))) {
          at++;
          return com.palantir.javapoet.WildcardTypeName.subtypeOf(type());
        }
        if (at < tokens.size() && "super".equals(tokens.get(at))) {
          at++;
          return com.palantir.javapoet.WildcardTypeName.supertypeOf(type());
        }
        return com.palantir.javapoet.WildcardTypeName.subtypeOf(Object.class);
      }
      return type();
    }
  }
}
