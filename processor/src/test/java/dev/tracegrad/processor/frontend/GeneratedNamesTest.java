package dev.tracegrad.processor.frontend;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.processor.ir.Program;
import org.junit.jupiter.api.Test;

/** The generated class's name and the source name, by API.md's rules. */
class GeneratedNamesTest {

  @Test
  void defaultNameNestedClassesAndExplicitName() {
    FrontEnd fe = FrontEnd.read("p.q.Outer", """
        package p.q;
        import dev.tracegrad.Differentiable;
        import dev.tracegrad.Matrix;
        import static dev.tracegrad.Ops.*;
        class Outer {
          @Differentiable static double twoLayer(Matrix A) { return sum(A); }
          static class Inner {
            @Differentiable static double f(Matrix A) { return sum(A); }
            interface Deeper {
              @Differentiable(name = "Custom") static double g(Matrix A) { return sum(A); }
            }
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    Program top = fe.program("Outer#twoLayer");
    assertThat(top.packageName()).isEqualTo("p.q");
    assertThat(top.sourceName()).isEqualTo("Outer#twoLayer");
    assertThat(top.generatedName()).isEqualTo("OuterTwoLayerGradient");
    Program inner = fe.program("Outer.Inner#f");
    assertThat(inner.sourceName()).isEqualTo("Outer.Inner#f");
    // The enclosing classes from the top-level one, joined: OuterA.Losses and OuterB.Losses differ.
    assertThat(inner.generatedName()).isEqualTo("OuterInnerFGradient");
    assertThat(inner.packageName()).isEqualTo("p.q");
    Program deeper = fe.program("Outer.Inner.Deeper#g");
    assertThat(deeper.sourceName()).isEqualTo("Outer.Inner.Deeper#g");
    assertThat(deeper.generatedName()).isEqualTo("Custom");
  }

  @Test
  void nestedClassesOfTheSameSimpleNameGetDistinctDefaults() {
    FrontEnd fe = FrontEnd.read("p.OuterA", """
        package p;
        import dev.tracegrad.Differentiable;
        import dev.tracegrad.Matrix;
        import static dev.tracegrad.Ops.*;
        class OuterA {
          static class Losses {
            @Differentiable static double loss(Matrix A) { return sum(A); }
          }
        }
        class OuterB {
          static class Losses {
            @Differentiable static double loss(Matrix A) { return sumsq(A); }
            record Deep() {
              @Differentiable static double loss(Matrix A) { return tr(A); }
            }
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    assertThat(fe.program("OuterA.Losses#loss").generatedName())
        .isEqualTo("OuterALossesLossGradient");
    assertThat(fe.program("OuterB.Losses#loss").generatedName())
        .isEqualTo("OuterBLossesLossGradient");
    assertThat(fe.program("OuterB.Losses.Deep#loss").generatedName())
        .isEqualTo("OuterBLossesDeepLossGradient");
  }

  @Test
  void unnamedPackageAndNonAsciiMethodName() {
    FrontEnd fe = FrontEnd.read(JavaFileObjects.forSourceString("Losses", """
        import dev.tracegrad.Differentiable;
        import dev.tracegrad.Matrix;
        import static dev.tracegrad.Ops.*;
        class Losses {
          @Differentiable static double \u00e9nergie(Matrix A) { return sum(A); }
        }
        """));
    assertThat(fe.compilation).succeededWithoutWarnings();
    Program p = fe.program("Losses#\u00e9nergie");
    assertThat(p.packageName()).isEmpty();
    assertThat(p.generatedName()).isEqualTo("Losses\u00c9nergieGradient");
  }

  @Test
  void capitaliseTouchesOnlyTheFirstLetter() {
    assertThat(SignatureReader.defaultName("Losses", "twoLayer"))
        .isEqualTo("LossesTwoLayerGradient");
    assertThat(SignatureReader.defaultName("L", "x")).isEqualTo("LXGradient");
    assertThat(SignatureReader.defaultName("L", "_f")).isEqualTo("L_fGradient");
    assertThat(SignatureReader.defaultName("L", "ABC")).isEqualTo("LABCGradient");
  }
}
