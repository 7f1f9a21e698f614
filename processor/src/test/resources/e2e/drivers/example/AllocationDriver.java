package example;

import com.sun.management.ThreadMXBean;
import dev.tracegrad.Matrix;
import java.lang.management.ManagementFactory;

/**
 * Calls generated gradients in a plain loop and returns the bytes the calling thread allocated
 * meanwhile, measured inside the loop's own frame so that no reflection or boxing is counted.
 */
public final class AllocationDriver {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final LossesTwoLayerGradient TWO_LAYER = new LossesTwoLayerGradient();
  private static final ModelsNetworkGradient NETWORK = new ModelsNetworkGradient();
  private static final ModelsGaussianNllGradient GAUSSIAN = new ModelsGaussianNllGradient();
  private static final HelpersMlpGradient MLP = new HelpersMlpGradient();

  private static final NewOpsConstantsGradient CONSTANTS = new NewOpsConstantsGradient();
  private static final NewOpsRidgeGradient RIDGE = new NewOpsRidgeGradient();
  private static final NewOpsRepeatsGradient REPEATS = new NewOpsRepeatsGradient();
  private static final NewOpsWithDoublesGradient WITH_DOUBLES = new NewOpsWithDoublesGradient();

  private static final SecondOrderNetworkGradient NETWORK_HVP = new SecondOrderNetworkGradient();
  private static final SecondOrderGaussianNllGradient GAUSSIAN_HVP = new SecondOrderGaussianNllGradient();
  private static final SecondOrderScaledNormGradient SCALED_NORM_HVP = new SecondOrderScaledNormGradient();
  private static final IndexedDigitsGradient DIGITS = new IndexedDigitsGradient();
  private static final IndexedEmbedGradient EMBED = new IndexedEmbedGradient();

  private static final BoundCentredRidgeGradient CENTRED_RIDGE = new BoundCentredRidgeGradient();

  private AllocationDriver() {}

  /** An objective whose data prologue ran at binding: its gradient and hvp calls. */
  public static long boundObjective(Matrix X, Matrix y, Matrix[] x, Matrix[] v, Matrix[] g,
      Matrix[] hv, int calls) {
    dev.tracegrad.optim.Objective f = CENTRED_RIDGE.objective(X, y, 0.1);
    long before = THREADS.getCurrentThreadAllocatedBytes();
    double sink = 0;
    for (int i = 0; i < calls; i++) {
      sink += f.gradient(x, g);
      f.hvp(x, v, hv);
    }
    long after = THREADS.getCurrentThreadAllocatedBytes();
    return Double.isNaN(sink + hv[0].get(0, 0)) ? -1 : after - before;
  }

  /** pick and gatherCols: cross-entropy with class indices, an embedding lookup with repeats. */
  public static long indexed(Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, int[] labels,
      Matrix dW1, Matrix db1, Matrix dW2, Matrix db2, Matrix E, Matrix Y, int[] ids, Matrix dE,
      int calls) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    double sink = 0;
    for (int i = 0; i < calls; i++) {
      sink += DIGITS.gradient(W1, b1, W2, b2, X, labels, dW1, db1, dW2, db2);
      sink += EMBED.gradient(E, Y, ids, dE);
    }
    long after = THREADS.getCurrentThreadAllocatedBytes();
    return Double.isNaN(sink) ? -1 : after - before;
  }

  /** The constant and broadcast ops of 0.2: eye, ones, zeros, fill with a data size, repeats, A ± s. */
  public static long constantsAndBroadcasts(Matrix A, double s, double n, Matrix K, Matrix y,
      Matrix r, Matrix c, Matrix C, Matrix dA, double[] ds, Matrix dK, Matrix dr, Matrix dc,
      int calls) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    double sink = 0;
    for (int i = 0; i < calls; i++) {
      sink += CONSTANTS.gradient(A, s, n, dA, ds);
      sink += RIDGE.gradient(K, y, s, dK, ds);
      sink += REPEATS.gradient(r, c, C, dr, dc);
      sink += WITH_DOUBLES.gradient(K, K, s, dK, ds);
    }
    long after = THREADS.getCurrentThreadAllocatedBytes();
    return Double.isNaN(sink) ? -1 : after - before;
  }

  public static long twoLayer(Matrix W1, Matrix W2, Matrix x, Matrix y, Matrix dW1, Matrix dW2,
      int calls) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    double sink = 0;
    for (int i = 0; i < calls; i++) {
      sink += TWO_LAYER.gradient(W1, W2, x, y, dW1, dW2);
    }
    long after = THREADS.getCurrentThreadAllocatedBytes();
    return Double.isNaN(sink) ? -1 : after - before;
  }

  public static long network(Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, Matrix Y,
      double n, Matrix dW1, Matrix db1, Matrix dW2, Matrix db2, int calls) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    double sink = 0;
    for (int i = 0; i < calls; i++) {
      sink += NETWORK.gradient(W1, b1, W2, b2, X, Y, n, dW1, db1, dW2, db2);
    }
    long after = THREADS.getCurrentThreadAllocatedBytes();
    return Double.isNaN(sink) ? -1 : after - before;
  }

  public static long gaussian(Matrix mu, Matrix Sigma, Matrix X, double n, Matrix dmu,
      Matrix dSigma, int calls) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    double sink = 0;
    for (int i = 0; i < calls; i++) {
      sink += GAUSSIAN.gradient(mu, Sigma, X, n, dmu, dSigma);
    }
    long after = THREADS.getCurrentThreadAllocatedBytes();
    return Double.isNaN(sink) ? -1 : after - before;
  }

  /** Inlined helpers and data (an int parameter, a data helper with a loop, X.cols()). */
  public static long helpersMlp(Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, int k,
      Matrix dW1, Matrix db1, Matrix dW2, Matrix db2, int calls) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    double sink = 0;
    for (int i = 0; i < calls; i++) {
      sink += MLP.gradient(W1, b1, W2, b2, X, k, dW1, db1, dW2, db2);
    }
    long after = THREADS.getCurrentThreadAllocatedBytes();
    return Double.isNaN(sink) ? -1 : after - before;
  }

  /** The allocating overload, to show that the measurement sees allocation at all. */
  public static long gaussianAllocating(Matrix mu, Matrix Sigma, Matrix X, double n, int calls) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    double sink = 0;
    for (int i = 0; i < calls; i++) {
      sink += GAUSSIAN.gradient(mu, Sigma, X, n).value();
    }
    long after = THREADS.getCurrentThreadAllocatedBytes();
    return Double.isNaN(sink) ? -1 : after - before;
  }

  public static long networkHvp(Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, Matrix Y,
      double n, Matrix vW1, Matrix vb1, Matrix vW2, Matrix vb2, Matrix hW1, Matrix hb1, Matrix hW2,
      Matrix hb2, int calls) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    double sink = 0;
    for (int i = 0; i < calls; i++) {
      sink += NETWORK_HVP.hvp(W1, b1, W2, b2, X, Y, n, vW1, vb1, vW2, vb2, hW1, hb1, hW2, hb2);
    }
    long after = THREADS.getCurrentThreadAllocatedBytes();
    return Double.isNaN(sink) ? -1 : after - before;
  }

  public static long gaussianHvp(Matrix mu, Matrix Sigma, Matrix X, double n, Matrix vmu,
      Matrix vSigma, Matrix hmu, Matrix hSigma, int calls) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    double sink = 0;
    for (int i = 0; i < calls; i++) {
      sink += GAUSSIAN_HVP.hvp(mu, Sigma, X, n, vmu, vSigma, hmu, hSigma);
    }
    long after = THREADS.getCurrentThreadAllocatedBytes();
    return Double.isNaN(sink) ? -1 : after - before;
  }

  /** Through the objective, with a double variable: the 1×1 matrices are the caller's. */
  public static long scaledNormObjectiveHvp(Matrix[] x, Matrix[] v, Matrix[] hv, int calls) {
    dev.tracegrad.optim.Objective f = SCALED_NORM_HVP.objective();
    long before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < calls; i++) {
      f.hvp(x, v, hv);
    }
    long after = THREADS.getCurrentThreadAllocatedBytes();
    return Double.isNaN(hv[0].get(0, 0)) ? -1 : after - before;
  }
}
