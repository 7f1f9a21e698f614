package dev.tracegrad.bench.optim;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.optim.Hessians;
import dev.tracegrad.optim.Lbfgs;
import dev.tracegrad.optim.NewtonCg;
import dev.tracegrad.optim.Objective;
import dev.tracegrad.optim.OptimResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Fits {@link Logistic#penalised} (λ = 1, i.e. C = 1) on the standardised breast-cancer data with
 * the runtime's optimizers and writes, as JSON, each fit's coefficients (w₁ … w₃₀, then b),
 * iterations, evaluations, Hessian-vector products and its median and least wall time over
 * repeated runs after warm-up; {@code benchmarks/compare_sklearn.py} reads it. Newton-CG's
 * Hessian-vector products are the generated ones ({@code hvp = true} on the loss). Also the standard errors of an
 * unpenalised fit on four features ({@link #FOUR}): √diag(H⁻¹) at the optimum, H from
 * {@link Hessians#dense}, which statsmodels' {@code Logit} reports as {@code bse}.
 *
 * <p>Usage: {@code OptimizerComparison <breast_cancer.csv> <out.json> [repeats]}.
 */
public final class OptimizerComparison {
    /** max|gᵢ| at which L-BFGS stops: the {@code tol} scikit-learn's lbfgs gets. */
    static final double LBFGS_GRADIENT_TOLERANCE = 1e-6;
    /** max|gᵢ| at which Newton-CG stops: Newton steps get there in a step or two more. */
    static final double NEWTON_GRADIENT_TOLERANCE = 1e-8;

    /** Mean texture, mean smoothness, mean symmetry, worst concavity: not collinear. */
    static final int[] FOUR = {1, 4, 8, 26};

    private OptimizerComparison() {}

    /** One optimizer's fit and its cost. */
    record Fit(String optimizer, OptimResult result, int hvps, double seconds, double bestSeconds,
            double coldSeconds) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: OptimizerComparison <breast_cancer.csv> <out.json> [repeats]");
            System.exit(2);
        }
        BreastCancer data = BreastCancer.load(Path.of(args[0]));
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        List<Fit> fits = fit(data, repeats);
        double[][] errors = standardErrors(data);
        Files.writeString(Path.of(args[1]), json(fits, errors), StandardCharsets.UTF_8);
        for (Fit f : fits) {
            System.out.printf(Locale.ROOT, "%s: %s, %d iterations, %d evaluations, %d H·v, %.3f ms%n",
                    f.optimizer(), f.result().status(), f.result().iterations(),
                    f.result().evaluations(), f.hvps(), f.seconds() * 1e3);
        }
    }

    /** Both fits, each timed over {@code repeats} runs after as many warm-up runs. */
    static List<Fit> fit(BreastCancer data, int repeats) {
        Matrix features = data.features();
        Objective generated = new LogisticPenalisedGradient().objective(features, data.signs(), 1.0);
        CountingHvp withHvp = new CountingHvp(generated);
        Matrix[] start = {Matrix.zeros(features.rows(), 1), Matrix.zeros(1, 1)};

        Lbfgs.Options lbfgsOptions = Lbfgs.Options.defaults()
                .withGradientTolerance(LBFGS_GRADIENT_TOLERANCE)
                .withFunctionTolerance(Double.MIN_VALUE)
                .withMaxIterations(10_000);
        NewtonCg.Options newtonOptions = NewtonCg.Options.defaults()
                .withGradientTolerance(NEWTON_GRADIENT_TOLERANCE)
                .withFunctionTolerance(Double.MIN_VALUE)
                .withMaxIterations(1_000);

        List<Fit> fits = new ArrayList<>();
        fits.add(timed("Lbfgs", () -> Lbfgs.minimize(generated, start, lbfgsOptions), () -> 0, repeats));
        fits.add(timed("NewtonCg", () -> {
            withHvp.resetCount();
            return NewtonCg.minimize(withHvp, start, newtonOptions);
        }, withHvp::hvps, repeats));
        return fits;
    }

    /**
     * The unpenalised fit on the {@link #FOUR} features (Newton-CG to max|gᵢ| ≤ 1e-10): its
     * coefficients (four, then the intercept) and their standard errors.
     */
    static double[][] standardErrors(BreastCancer data) {
        Matrix all = data.features();
        int n = all.cols();
        Matrix four = Matrix.zeros(FOUR.length, n);
        for (int i = 0; i < FOUR.length; i++) {
            System.arraycopy(all.data(), FOUR[i] * n, four.data(), i * n, n);
        }
        Objective f = new LogisticPenalisedGradient().objective(four, data.signs(), 0.0);
        OptimResult r = NewtonCg.minimize(f, new Matrix[] {Matrix.zeros(FOUR.length, 1), Matrix.zeros(1, 1)},
                NewtonCg.Options.defaults().withGradientTolerance(1e-10).withFunctionTolerance(Double.MIN_VALUE));
        Matrix covariance = Ops.inv(Hessians.dense(f, r.x()));
        double[] coefficients = new double[FOUR.length + 1];
        double[] errors = new double[FOUR.length + 1];
        for (int i = 0; i <= FOUR.length; i++) {
            coefficients[i] = i < FOUR.length ? r.x()[0].data()[i] : r.x()[1].data()[0];
            errors[i] = Math.sqrt(covariance.get(i, i));
        }
        return new double[][] {coefficients, errors};
    }

    /** The generated objective, counting its Hessian-vector products ({@link OptimResult} does not). */
    static final class CountingHvp implements Objective {
        private final Objective f;
        private int hvps;

        CountingHvp(Objective f) {
            this.f = f;
        }

        @Override
        public double value(Matrix[] x) {
            return f.value(x);
        }

        @Override
        public double gradient(Matrix[] x, Matrix[] g) {
            return f.gradient(x, g);
        }

        @Override
        public boolean hasHvp() {
            return f.hasHvp();
        }

        @Override
        public void hvp(Matrix[] x, Matrix[] v, Matrix[] hv) {
            hvps++;
            f.hvp(x, v, hv);
        }

        int hvps() {
            return hvps;
        }

        void resetCount() {
            hvps = 0;
        }
    }

    private static Fit timed(String name, Supplier<OptimResult> run, Supplier<Integer> hvps, int repeats) {
        long cold = System.nanoTime();
        OptimResult result = run.get();
        double coldSeconds = (System.nanoTime() - cold) * 1e-9;
        int hvpCount = hvps.get();
        for (int i = 0; i < repeats; i++) {
            run.get();
        }
        double[] seconds = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            run.get();
            seconds[i] = (System.nanoTime() - t) * 1e-9;
        }
        Arrays.sort(seconds);
        return new Fit(name, result, hvpCount, seconds[repeats / 2], seconds[0], coldSeconds);
    }

    private static String json(List<Fit> fits, double[][] standardErrors) {
        StringBuilder out = new StringBuilder();
        out.append("{\"java\": \"").append(System.getProperty("java.vm.name")).append(' ')
                .append(Runtime.version()).append("\",\n \"fits\": [");
        for (int k = 0; k < fits.size(); k++) {
            Fit f = fits.get(k);
            OptimResult r = f.result();
            double[] w = r.x()[0].data();
            double[] coefficients = Arrays.copyOf(w, w.length + 1);
            coefficients[w.length] = r.x()[1].data()[0];
            out.append(k == 0 ? "\n" : ",\n")
                    .append("  {\"optimizer\": \"").append(f.optimizer()).append('"')
                    .append(", \"status\": \"").append(r.status()).append('"')
                    .append(", \"value\": ").append(r.value())
                    .append(", \"gradient_max\": ").append(r.gradientNorm())
                    .append(", \"iterations\": ").append(r.iterations())
                    .append(", \"evaluations\": ").append(r.evaluations())
                    .append(", \"hvps\": ").append(f.hvps())
                    .append(", \"seconds\": ").append(f.seconds())
                    .append(", \"best_seconds\": ").append(f.bestSeconds())
                    .append(", \"cold_seconds\": ").append(f.coldSeconds())
                    .append(", \"coefficients\": ").append(Arrays.toString(coefficients))
                    .append('}');
        }
        return out.append("\n ],\n \"four_features\": ").append(Arrays.toString(FOUR))
                .append(",\n \"four_coefficients\": ").append(Arrays.toString(standardErrors[0]))
                .append(",\n \"four_standard_errors\": ").append(Arrays.toString(standardErrors[1]))
                .append("\n}\n").toString();
    }
}
