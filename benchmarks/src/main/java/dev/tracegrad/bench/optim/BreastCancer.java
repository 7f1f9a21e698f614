package dev.tracegrad.bench.optim;

import dev.tracegrad.Matrix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The breast-cancer data (569 samples, 30 features, labels 0 malignant and 1 benign) with every
 * feature standardised over the whole set: mean 0 and population standard deviation 1, as
 * scikit-learn's {@code StandardScaler} does.
 *
 * @param features d×n, one sample per column
 * @param labels n labels, 0 or 1
 */
public record BreastCancer(Matrix features, int[] labels) {
    /**
     * Reads the CSV the sample app ships: a header line, then one sample per line, the features
     * and then the label.
     */
    public static BreastCancer load(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        int n = lines.size() - 1;
        int d = lines.get(1).split(",").length - 1;
        double[] x = new double[d * n];
        int[] labels = new int[n];
        for (int j = 0; j < n; j++) {
            String[] fields = lines.get(j + 1).split(",");
            if (fields.length != d + 1) {
                throw new IOException(csv + " line " + (j + 2) + " has " + fields.length
                        + " fields, expected " + (d + 1));
            }
            for (int i = 0; i < d; i++) {
                x[i * n + j] = Double.parseDouble(fields[i]);
            }
            labels[j] = Integer.parseInt(fields[d].trim());
        }
        for (int i = 0; i < d; i++) {
            double mean = 0;
            for (int j = 0; j < n; j++) {
                mean += x[i * n + j];
            }
            mean /= n;
            double squares = 0;
            for (int j = 0; j < n; j++) {
                double c = x[i * n + j] - mean;
                squares += c * c;
            }
            double std = Math.sqrt(squares / n);
            for (int j = 0; j < n; j++) {
                x[i * n + j] = (x[i * n + j] - mean) / std;
            }
        }
        Matrix features = Matrix.zeros(d, n);
        System.arraycopy(x, 0, features.data(), 0, x.length);
        return new BreastCancer(features, labels);
    }

    /** The labels as an n×1 column of −1 (label 0) and +1 (label 1). */
    public Matrix signs() {
        Matrix y = Matrix.zeros(labels.length, 1);
        for (int j = 0; j < labels.length; j++) {
            y.data()[j] = labels[j] == 1 ? 1 : -1;
        }
        return y;
    }
}
