package dev.tracegrad.sample;

import dev.tracegrad.GradientCheck;
import dev.tracegrad.Matrix;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;

/**
 * The seed article's two examples: prints each generated derivation and checks the generated
 * gradient against central finite differences of the annotated method.
 */
public final class SeedExamples {
    private SeedExamples() {}

    /** Runs both examples; returns the worst relative error over every gradient checked. */
    public static double run(PrintStream out, long seed) {
        Random random = new Random(seed);
        double worst = 0;

        out.println("== Seed example 1: softmax cross-entropy, l = -y^T log softmax(a)");
        out.println(LossesSoftmaxCrossEntropyGradient.DERIVATION);
        Matrix a = Matrix.random(5, 1, random);
        Matrix y = Matrix.column(0.1, 0.4, 0.2, 0.0, 0.5); // a general y: 1ᵀy = 1.2, not 1
        var xent = new LossesSoftmaxCrossEntropyGradient();
        Matrix da = xent.gradient(a, y).da();
        worst = Math.max(worst, report(out, "dl/da",
                GradientCheck.check(v -> Losses.softmaxCrossEntropy(v, y), a, da)));

        out.println();
        out.println("== Seed example 2: two-layer network, l = -y^T log softmax(W2 sigmoid(W1 x))");
        out.println(LossesTwoLayerGradient.DERIVATION);
        Matrix w1 = Matrix.random(4, 6, random);
        Matrix w2 = Matrix.random(3, 4, random);
        Matrix x = Matrix.random(6, 1, random);
        Matrix target = Matrix.column(0, 1, 0);
        var net = new LossesTwoLayerGradient();
        LossesTwoLayerGradient.Result g = net.gradient(w1, w2, x, target);
        worst = Math.max(worst, report(out, "dl/dW1",
                GradientCheck.check(v -> Losses.twoLayer(v, w2, x, target), w1, g.dW1())));
        worst = Math.max(worst, report(out, "dl/dW2",
                GradientCheck.check(v -> Losses.twoLayer(w1, v, x, target), w2, g.dW2())));
        return worst;
    }

    private static double report(PrintStream out, String what, GradientCheck.Report r) {
        out.printf(Locale.ROOT, "finite-difference check of %s: max relative error %.2e%n",
                what, r.maxRelativeError());
        return r.maxRelativeError();
    }
}
