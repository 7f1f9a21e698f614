package dev.tracegrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tracegrad.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HessiansTest {
    @Test
    void theHessianOfAQuadraticIsItsMatrix() {
        Problems.Quadratic q = new Problems.Quadratic(6, 1e3, new Random(12));
        Matrix h = Hessians.dense(q, new Matrix[] {Matrix.random(6, 1, new Random(1))});
        assertEquals(6, h.rows());
        assertEquals(6, h.cols());
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                // A = QΛQ was formed entry by entry; H·eⱼ = QΛQeⱼ in another order.
                assertEquals(q.a[i][j], h.get(i, j), 1e-12 * 1e3, "(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void theHessianOfLogisticRegressionMatchesDifferencesOfTheGradient() {
        Problems.Logistic f = Problems.Logistic.random(3, 80, 0.2, new Random(13));
        Random random = new Random(2);
        Matrix[] x = {Matrix.random(3, 1, random), Matrix.random(1, 1, random)};
        Matrix[] before = Problems.copy(x);
        Matrix h = Hessians.dense(f, x);
        assertEquals(4, h.rows());
        // Column j by central differences of the gradient along eⱼ, flattened as w then b.
        double step = 1e-5;
        for (int j = 0; j < 4; j++) {
            Matrix[] up = Problems.copy(x);
            Matrix[] down = Problems.copy(x);
            int variable = j < 3 ? 0 : 1;
            int entry = j < 3 ? j : 0;
            up[variable].data()[entry] += step;
            down[variable].data()[entry] -= step;
            Matrix[] gUp = Problems.zerosLike(x);
            Matrix[] gDown = Problems.zerosLike(x);
            f.gradient(up, gUp);
            f.gradient(down, gDown);
            double[] column = {(gUp[0].data()[0] - gDown[0].data()[0]) / (2 * step),
                (gUp[0].data()[1] - gDown[0].data()[1]) / (2 * step),
                (gUp[0].data()[2] - gDown[0].data()[2]) / (2 * step),
                (gUp[1].data()[0] - gDown[1].data()[0]) / (2 * step)};
            for (int i = 0; i < 4; i++) {
                assertEquals(column[i], h.get(i, j), 1e-6 * Math.max(1, Math.abs(column[i])),
                        "(" + i + ", " + j + ")");
            }
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < i; j++) {
                assertEquals(h.get(i, j), h.get(j, i), 1e-12 * Math.abs(h.get(i, j)),
                        "symmetric within rounding");
            }
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(before[i], x[i], "x is not modified");
        }
    }

    @Test
    void rowsAndColumnsFollowTheVariablesRowMajor() {
        // f = Σ cₖ·yₖ² / 2 over a 2×2 and a 1×1 variable: H = diag(c) in the flattened order.
        double[] c = {1, 2, 3, 4, 5};
        Objective f = new Objective() {
            @Override
            public double value(Matrix[] y) {
                double s = 0;
                for (int k = 0; k < 5; k++) {
                    double v = k < 4 ? y[0].data()[k] : y[1].data()[0];
                    s += 0.5 * c[k] * v * v;
                }
                return s;
            }

            @Override
            public double gradient(Matrix[] y, Matrix[] g) {
                for (int k = 0; k < 4; k++) {
                    g[0].data()[k] = c[k] * y[0].data()[k];
                }
                g[1].data()[0] = c[4] * y[1].data()[0];
                return value(y);
            }

            @Override
            public boolean hasHvp() {
                return true;
            }

            @Override
            public void hvp(Matrix[] y, Matrix[] v, Matrix[] hv) {
                for (int k = 0; k < 4; k++) {
                    hv[0].data()[k] = c[k] * v[0].data()[k];
                }
                hv[1].data()[0] = c[4] * v[1].data()[0];
            }
        };
        Matrix h = Hessians.dense(f, new Matrix[] {Matrix.zeros(2, 2), Matrix.zeros(1, 1)});
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(i == j ? c[i] : 0, h.get(i, j), 0);
            }
        }
    }

    @Test
    void anObjectiveWithoutHvpIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hessians.dense(Problems.withoutHvp(new Problems.Rosenbrock()),
                        Problems.Rosenbrock.start()));
        assertEquals("Hessians.dense needs Hessian-vector products but the objective's hasHvp()"
                + " is false: set hvp = true on @Differentiable (or implement hasHvp() and"
                + " hvp(...) in a hand-written Objective)", e.getMessage());
    }
}
