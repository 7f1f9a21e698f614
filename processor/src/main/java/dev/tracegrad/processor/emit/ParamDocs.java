package dev.tracegrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterSpec;
import dev.tracegrad.processor.ir.DeclaredParameter;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.lower.LoopProgram;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Emit stage: the {@code @param} tags of generated methods, one per parameter, so that the
 * generated class is clean under {@code -Xdoclint:all} (which checks private methods too): a
 * user's argument is described as the annotated method's, an output buffer by the gradient it
 * receives.
 */
final class ParamDocs {
  private final Map<String, String> descriptions = new HashMap<>();

  ParamDocs(Program program, List<LoopProgram.Gradient> gradients) {
    String source = JavaText.javadoc(program.sourceName());
    for (Parameter p : program.params()) {
      descriptions.put(p.name(), (p.index() ? "the index array"
          : program.isDeclared(p) ? p.matrix() ? "the matrix" : "the number"
          : p.matrix() ? "the data matrix" : "the data value") + " {@code "
          + JavaText.javadoc(p.name()) + "} of {@code " + source + "}");
    }
    for (DeclaredParameter p : program.declared()) {
      descriptions.putIfAbsent(p.name(), "the argument {@code " + JavaText.javadoc(p.name())
          + "} of {@code " + source + "}");
    }
    for (LoopProgram.Gradient g : gradients) {
      String wrt = JavaText.javadoc(g.param().name());
      descriptions.put(g.name(), g.buffer() != null
          ? "receives the gradient with respect to {@code " + wrt + "}; same shape"
          : "receives the gradient with respect to the double {@code " + wrt
              + "} in element 0 (length at least 1)");
    }
  }

  /** Adds the descriptions of the directions and H·v outputs of Hessian-vector products. */
  ParamDocs withProducts(LoopProgram loops) {
    List<Parameter> wrt = loops.gradients().stream().map(LoopProgram.Gradient::param).toList();
    for (int k = 0; k < loops.directions().size(); k++) {
      Parameter v = loops.directions().get(k);
      String of = JavaText.javadoc(wrt.get(k).name());
      descriptions.put(v.name(), v.matrix()
          ? "the direction for {@code " + of + "}; same shape"
          : "the direction for the double {@code " + of + "}");
    }
    for (LoopProgram.Gradient g : loops.products()) {
      String of = JavaText.javadoc(g.param().name());
      descriptions.put(g.name(), g.buffer() != null
          ? "receives the Hessian-vector product for {@code " + of + "}; same shape"
          : "receives the Hessian-vector product for the double {@code " + of
              + "} in element 0 (length at least 1)");
    }
    return this;
  }

  /** One {@code @param} line for each of these parameters, in order. */
  CodeBlock tags(List<ParameterSpec> params) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (ParameterSpec p : params) {
      b.add("@param $L $L\n", p.name(), descriptions.getOrDefault(p.name(), "{@code " + p.name() + "}"));
    }
    return b.build();
  }
}
