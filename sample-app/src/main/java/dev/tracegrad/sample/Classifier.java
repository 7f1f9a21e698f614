package dev.tracegrad.sample;

import dev.tracegrad.Matrix;

/** Accuracy of class scores against labels: the predicted class of column j is its arg-max. */
final class Classifier {
    private Classifier() {}

    static double accuracy(Matrix scores, int[] labels) {
        int correct = 0;
        for (int j = 0; j < scores.cols(); j++) {
            int best = 0;
            for (int i = 1; i < scores.rows(); i++) {
                if (scores.get(i, j) > scores.get(best, j)) {
                    best = i;
                }
            }
            if (best == labels[j]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }
}
