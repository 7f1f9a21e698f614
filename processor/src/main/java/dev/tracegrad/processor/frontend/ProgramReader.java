package dev.tracegrad.processor.frontend;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.tracegrad.processor.diagnostic.Message;
import dev.tracegrad.processor.ir.Dims;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Program;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.tracegrad.processor.ir.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalInt;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Front end: validates an annotated method and reads its body into a {@link Program}. The
 * declaration is checked through {@code javax.lang.model}, the body through javac's Tree API;
 * every error found in the method is reported once, on the exact element, annotation value or
 * tree, and then the method yields no program. Bad input never throws.
 */
public final class ProgramReader {
  /** Fully qualified name of the annotation, matched by name: the processor does not link the runtime. */
  public static final String ANNOTATION = "dev.tracegrad.Differentiable";

  private final ProcessingEnvironment env;
  private final Trees trees;

  /** A reader for methods of this environment; looks for javac's Tree API once, here. */
  public ProgramReader(ProcessingEnvironment env) {
    this.env = env;
    this.trees = JavacEnvironment.trees(env).orElse(null);
  }

  /** The method's program, or empty after reporting every error found in it. */
  public Optional<Program> read(ExecutableElement method) {
    Problems problems = new Problems();
    SignatureReader signatures = new SignatureReader(env.getElementUtils(), problems);
    if (!signatures.checkKind(method)) {
      problems.print(env.getMessager(), null, null);
      return Optional.empty();
    }
    MethodSignature signature = signatures.read(method);

    Trees trees = trees();
    if (trees == null) {
      problems.print(env.getMessager(), null, null);
      env.getMessager().printMessage(Diagnostic.Kind.ERROR,
          Message.NEEDS_JAVAC.render(env.getClass().getName()), method);
      return Optional.empty();
    }
    TreePath path = trees.getPath(method);
    BlockTree body = path == null ? null : ((MethodTree) path.getLeaf()).getBody();
    if (body == null) {
      problems.on(method, Message.NO_SOURCE, method.getSimpleName());
      problems.print(env.getMessager(), trees, null);
      return Optional.empty();
    }
    CompilationUnitTree unit = path.getCompilationUnit();

    Graph.Builder builder = Graph.builder(new Dims());
    NameScope scope = new NameScope(
        env.getElementUtils(), (TypeElement) method.getEnclosingElement(), unit);
    DataPrologue prologue = new DataPrologue(namesIn(path.getLeaf()));
    ExpressionReader expressions = new ExpressionReader(
        builder, problems, new SourceText(trees, unit), scope, signature, prologue, trees);
    OptionalInt loss = new BodyReader(expressions, problems, scope, signature).read(method, body);

    if (!problems.isEmpty() || loss.isEmpty() || signature.generatedName() == null) {
      problems.print(env.getMessager(), trees, unit);
      return Optional.empty();
    }
    List<Parameter> leaves = new ArrayList<>(signature.params());
    leaves.addAll(prologue.leaves());
    return Optional.of(new Program(
        signature.packageName(),
        signature.sourceName(),
        signature.generatedName(),
        leaves,
        signature.wrt(),
        builder.build(),
        loss.getAsInt(),
        expressions.shapes().checks(),
        signature.declaredParameters(),
        prologue.statements()));
  }

  /**
   * Every name the method's declaration and body use (parameters, locals, any identifier): the
   * names the prologue makes up avoid them all.
   */
  private static Set<String> namesIn(Tree method) {
    Set<String> names = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree id, Void unused) {
        names.add(id.getName().toString());
        return null;
      }

      @Override
      public Void visitVariable(VariableTree v, Void unused) {
        names.add(v.getName().toString());
        return super.visitVariable(v, null);
      }
    }.scan(method, null);
    return names;
  }

  /**
   * The qualified name of the class the method asks to generate, read from its declaration alone
   * and without reporting anything; empty for a constructor, an abstract or native method, or an
   * invalid {@code name} (which {@link #read} reports). Lets the driver see every method's
   * class before writing any.
   */
  public Optional<String> generatedClass(ExecutableElement method) {
    SignatureReader signatures = new SignatureReader(env.getElementUtils(), new Problems());
    if (!signatures.checkKind(method)) {
      return Optional.empty();
    }
    String simple = signatures.generatedName(method);
    if (simple == null) {
      return Optional.empty();
    }
    String pkg = env.getElementUtils().getPackageOf(method).getQualifiedName().toString();
    return Optional.of(pkg.isEmpty() ? simple : pkg + "." + simple);
  }

  /** Whether javac's Tree API was found, so that {@link #read} can read bodies. */
  public boolean hasTrees() {
    return trees != null;
  }

  /** javac's Tree API, or null when this environment neither is nor wraps javac's own. */
  private Trees trees() {
    return trees;
  }

  /** Whether the type is compiled from source in this compilation (not read from a class file). */
  public boolean compiledFromSource(TypeElement type) {
    return trees != null && trees.getPath(type) != null;
  }

  /** {@code Outer.Inner#method}: how messages and generated classes name a method. */
  public static String sourceName(ExecutableElement method) {
    return SignatureReader.enclosingNames((TypeElement) method.getEnclosingElement()) + "#"
        + method.getSimpleName();
  }
}
