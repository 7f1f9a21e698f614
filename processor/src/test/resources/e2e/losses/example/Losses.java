package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

/** The two examples of the seed article, as a user writes them. */
class Losses {
  /** Softmax cross-entropy l = -y^T log softmax(a). */
  @Differentiable(wrt = "a")
  static double crossEntropy(Matrix a, Matrix y) {
    return -dot(y, logSoftmax(a));
  }

  /** l = -y^T log softmax(W2 sigmoid(W1 x)). */
  @Differentiable(wrt = {"W1", "W2"})
  static double twoLayer(Matrix W1, Matrix W2, Matrix x, Matrix y) {
    Matrix a1 = mul(W1, x);
    Matrix h1 = sigmoid(a1);
    Matrix a2 = mul(W2, h1);
    return -dot(y, logSoftmax(a2));
  }
}
