package dev.tracegrad.processor.emit;

import static com.google.common.truth.Truth.assertThat;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.junit.jupiter.api.Test;

/** The size estimate of generated statements, and how long methods are cut into parts. */
class CodeSizeTest {
  @Test
  void commentsCostNothingAndNamesLiteralsAndOperatorsDo() {
    assertThat(CodeSize.estimate("// a very long comment naming W1, W2 and x\n")).isEqualTo(0);
    // h1[k] = Fn.sigmoid(a1[k]): h1, k, a1, k (2 each), Fn (2), .sigmoid (3), two [ and one =.
    assertThat(CodeSize.estimate("h1[k] = Fn.sigmoid(a1[k]);\n")).isEqualTo(2 + 2 + 2 + 3 + 2 + 2 + 2 + 1);
    // A string literal is one constant, however long, and may contain "//".
    assertThat(CodeSize.estimate("f(\"a // b\");\n")).isEqualTo(CodeSize.estimate("f(\"x\");\n"));
    // A comparison branches.
    assertThat(CodeSize.estimate("a < b")).isEqualTo(2 + 3 + 2);
  }

  @Test
  void groupsKeepOrderAndStayWithinTheBoundUnlessOneUnitIsLarger() {
    List<List<Integer>> groups = CodeSize.group(List.of(3, 4, 2, 9, 1, 1), x -> x, 7);
    assertThat(groups).containsExactly(List.of(3, 4), List.of(2), List.of(9), List.of(1, 1)).inOrder();
  }

  @Test
  void methodThatFitsStaysOneAndALongOneCallsItsParts() {
    CodeBlock check = CodeBlock.builder().addStatement("check(a, b, c, d, e, f, g, h)").build();
    MethodSpec one = CodeSize.split("checks", this::signature, "a",
        CodeBlock.of("Checks.\n"), TAGS, List.of(check, check)).get(0);
    assertThat(one.toString()).doesNotContain("Part");

    int n = CodeSize.BOUND / CodeSize.estimate(check) * 2 + 1;
    List<MethodSpec> split = CodeSize.split("checks", this::signature, "a",
        CodeBlock.of("Checks.\n"), TAGS, java.util.Collections.nCopies(n, check));
    assertThat(split).hasSize(4);
    assertThat(split.get(0).toString()).contains("checksPart1(a);\n  checksPart2(a);\n  checksPart3(a);\n");
    assertThat(split.get(0).javadoc().toString())
        .isEqualTo("Checks.\nIn 3 parts of bounded size.\n\n@param a the number\n");
    assertThat(split.get(2).javadoc().toString()).isEqualTo("Part 2 of 3 of {@code checks}.\n\n@param a the number\n");
    for (MethodSpec part : split.subList(1, 4)) {
      assertThat(CodeSize.estimate(part.code())).isAtMost(CodeSize.BOUND);
    }
  }

  private static final CodeBlock TAGS = CodeBlock.of("@param a the number\n");

  private MethodSpec.Builder signature(String name) {
    return MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(int.class, "a");
  }
}
