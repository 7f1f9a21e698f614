package dev.tracegrad.processor.hostile;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A hostile user source from the test resources, read with the public javac tree API (parse
 * only, no processor): its {@code @Differentiable} methods with their parameters, wrt lists and
 * generated class names, and the errors it expects, one per line marked {@code // expect <Id>}.
 * It can also cut methods out, to compile the valid remainder on its own.
 */
final class UserSource {
  private static final Pattern EXPECT = Pattern.compile("// expect (TraceGrad\\w+)");

  /** One parameter: its name and its type as written. */
  record Param(String name, String type) {
    boolean isMatrix() {
      return type.equals("Matrix");
    }
  }

  /** An annotated method, where it starts and ends in the text (offsets), and what it implies. */
  record Method(String name, List<Param> params, List<String> wrt, String generatedName,
      long startLine, long endLine, int start, int end) {
    boolean isValid() {
      return !name.startsWith("bad");
    }

    Param param(String paramName) {
      return params.stream().filter(p -> p.name().equals(paramName)).findFirst()
          .orElseThrow(() -> new AssertionError("no parameter " + paramName + " in " + name));
    }
  }

  /** An error the source expects: line and diagnostic id. */
  record Expected(long line, String id) {
    @Override
    public String toString() {
      return line + " [" + id + "]";
    }
  }

  final Path path;
  final String className;
  final String text;
  final List<Method> methods = new ArrayList<>();
  final List<Expected> expected = new ArrayList<>();

  private UserSource(Path path) throws IOException {
    this.path = path;
    String file = path.getFileName().toString();
    this.className = file.substring(0, file.length() - ".java".length());
    this.text = Files.readString(path);
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = EXPECT.matcher(lines[i]);
      if (m.find()) {
        expected.add(new Expected(i + 1, m.group(1)));
      }
    }
    parse();
  }

  /** {@code hostile/example/<simpleName>.java} from the test class path. */
  static UserSource resource(String simpleName) {
    try {
      Path p = Path.of(UserSource.class.getClassLoader()
          .getResource("hostile/example/" + simpleName + ".java").toURI());
      return new UserSource(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses without attribution or processing: positions and names are all the tests need. */
  private void parse() throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(path);
      JavacTask task = (JavacTask) javac.getTask(null, files, null, List.of("-proc:none"), null, units);
      SourcePositions positions = Trees.instance(task).getSourcePositions();
      for (CompilationUnitTree unit : task.parse()) {
        for (Tree type : unit.getTypeDecls()) {
          for (Tree member : ((ClassTree) type).getMembers()) {
            if (member instanceof MethodTree m) {
              annotation(m).ifPresent(a -> methods.add(method(unit, positions, m, a)));
            }
          }
        }
      }
    }
  }

  /** The method's @Differentiable, matched by its simple name as the resources write it. */
  private static java.util.Optional<AnnotationTree> annotation(MethodTree m) {
    return m.getModifiers().getAnnotations().stream()
        .filter(a -> a.getAnnotationType().toString().equals("Differentiable"))
        .<AnnotationTree>map(a -> a)
        .findFirst();
  }

  /**
   * The method as API.md reads it: wrt from the annotation (a single string or an array), else
   * every Matrix parameter; the generated name from name = "...", else the default rule.
   */
  private Method method(CompilationUnitTree unit, SourcePositions positions, MethodTree m,
      AnnotationTree a) {
    List<Param> params = new ArrayList<>();
    for (VariableTree v : m.getParameters()) {
      params.add(new Param(v.getName().toString(), v.getType().toString()));
    }
    List<String> wrt = new ArrayList<>();
    String generated = className + Character.toUpperCase(m.getName().charAt(0))
        + m.getName().toString().substring(1) + "Gradient";
    for (ExpressionTree arg : a.getArguments()) {
      AssignmentTree assign = (AssignmentTree) arg;
      String key = ((IdentifierTree) assign.getVariable()).getName().toString();
      ExpressionTree value = assign.getExpression();
      if (key.equals("name")) {
        generated = (String) ((LiteralTree) value).getValue();
      } else if (value instanceof NewArrayTree array) {
        array.getInitializers().forEach(e -> wrt.add((String) ((LiteralTree) e).getValue()));
      } else {
        wrt.add((String) ((LiteralTree) value).getValue());
      }
    }
    if (wrt.isEmpty()) {
      params.stream().filter(Param::isMatrix).forEach(p -> wrt.add(p.name()));
    }
    // A method's start position is that of its modifiers, so the cut takes the annotation too.
    int start = (int) positions.getStartPosition(unit, m);
    int end = (int) positions.getEndPosition(unit, m);
    return new Method(m.getName().toString(), List.copyOf(params), List.copyOf(wrt), generated,
        unit.getLineMap().getLineNumber(start), unit.getLineMap().getLineNumber(end), start, end);
  }

  /** The source text with every annotated method that matches cut out. */
  String without(Predicate<Method> cut) {
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (Method m : methods) {
      if (cut.test(m)) {
        out.append(text, from, m.start());
        from = m.end();
      }
    }
    return out.append(text.substring(from)).toString();
  }

  /** The methods that must compile: all but the "bad..." ones. */
  List<Method> valid() {
    return methods.stream().filter(Method::isValid).toList();
  }

  /** The methods that must each get exactly one error. */
  List<Method> invalid() {
    return methods.stream().filter(m -> !m.isValid()).toList();
  }
}
