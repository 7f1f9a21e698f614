package dev.tracegrad.processor.frontend;

import static com.google.common.truth.Truth.assertThat;

import dev.tracegrad.processor.ir.DataStatement;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the front end makes of data (LANGUAGE.md §1): Java on values that do not depend on wrt,
 * a Matrix or double parameter not in wrt included, goes into the prologue as written; the
 * differentiable path reads it as a leaf.
 */
class DataReadingTest {

  @Test
  void javaOnADoubleParameterNotInWrtIsData() {
    FrontEnd fe = FrontEnd.read("p.C", """
        package p;
        import dev.tracegrad.*;
        import static dev.tracegrad.Ops.*;
        class C {
          @Differentiable(wrt = "W")
          static double f(Matrix W, double s, int n) {
            double r = Math.floor(s) + s % 2 + (n > 2 ? 1 : 0);
            return r * sum(W);
          }
        }
        """);
    assertThat(fe.ours()).isEmpty();
    Program p = fe.program("C#f");
    List<String> prologue = p.prologue().stream()
        .map(d -> d.type() + " " + d.name() + " = " + d.init()).toList();
    assertThat(prologue).containsExactly(
        "double r = java.lang.Math.floor(s) + s % 2 + (n > 2 ? 1 : 0)");
    assertThat(p.params()).containsExactly(new Parameter("W", true), new Parameter("s", false),
        new Parameter("r", false)).inOrder();
    assertThat(p.prologue().stream().map(DataStatement::matrixLeaf).toList())
        .containsExactly(false);
  }
}
