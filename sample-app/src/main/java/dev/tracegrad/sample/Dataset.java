package dev.tracegrad.sample;

import dev.tracegrad.Matrix;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * A labelled data set with samples as columns: {@code features} is d×n, {@code labels[j]} the class
 * of column j. Loaded from the CSV files bundled in this module's resources (their {@code .rst}
 * descriptions give source and licence).
 */
public record Dataset(String name, Matrix features, int[] labels, List<String> classNames) {

    /**
     * Reads {@code /datasets/<file>}: one sample per line, the features then the integer label.
     * The first line is either a header {@code rows,cols,class names…} or already a sample (the
     * digits file has no header; its class names are the digits).
     */
    public static Dataset load(String file) {
        String resource = "/datasets/" + file;
        try (InputStream raw = Dataset.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<double[]> rows = new ArrayList<>();
            List<String> classNames = new ArrayList<>();
            String line;
            boolean first = true;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",");
                if (first && !isNumber(fields[fields.length - 1])) {
                    classNames.addAll(Arrays.asList(fields).subList(2, fields.length));
                } else {
                    rows.add(Arrays.stream(fields).mapToDouble(Double::parseDouble).toArray());
                }
                first = false;
            }
            return fromRows(file.replaceFirst("\\..*$", ""), rows, classNames);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static Dataset fromRows(String name, List<double[]> rows, List<String> classNames) {
        int n = rows.size();
        int d = rows.get(0).length - 1;
        Matrix x = Matrix.zeros(d, n);
        int[] labels = new int[n];
        int classes = 0;
        for (int j = 0; j < n; j++) {
            double[] row = rows.get(j);
            for (int i = 0; i < d; i++) {
                x.set(i, j, row[i]);
            }
            labels[j] = (int) row[d];
            classes = Math.max(classes, labels[j] + 1);
        }
        List<String> names = new ArrayList<>(classNames);
        for (int c = names.size(); c < classes; c++) {
            names.add(Integer.toString(c));
        }
        return new Dataset(name, x, labels, List.copyOf(names));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public int size() {
        return labels.length;
    }

    public int dimension() {
        return features.rows();
    }

    /** The samples at the given indices, in that order. */
    public Dataset select(int[] indices) {
        Matrix x = Matrix.zeros(dimension(), indices.length);
        int[] y = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            for (int i = 0; i < dimension(); i++) {
                x.set(i, j, features.get(i, indices[j]));
            }
            y[j] = labels[indices[j]];
        }
        return new Dataset(name, x, y, classNames);
    }

    /** One-hot labels, classes × n. */
    public Matrix oneHot() {
        Matrix y = Matrix.zeros(classNames.size(), size());
        for (int j = 0; j < size(); j++) {
            y.set(labels[j], j, 1);
        }
        return y;
    }

    /** A fixed shuffled split: {@code [train, test]} with {@code testSize} test samples. */
    public Dataset[] split(int testSize, long seed) {
        int[] order = permutation(size(), new Random(seed));
        int[] test = Arrays.copyOfRange(order, 0, testSize);
        int[] train = Arrays.copyOfRange(order, testSize, order.length);
        return new Dataset[] {select(train), select(test)};
    }

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
    public static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[k];
            p[k] = tmp;
        }
        return p;
    }

    /** A copy with each feature (row) standardised with the given statistics, e.g. the training set's. */
    public Dataset standardised(double[] mean, double[] std) {
        Matrix x = features.copy();
        for (int i = 0; i < dimension(); i++) {
            for (int j = 0; j < size(); j++) {
                x.set(i, j, (x.get(i, j) - mean[i]) / std[i]);
            }
        }
        return new Dataset(name, x, labels, classNames);
    }

    /** Per-feature mean. */
    public double[] featureMeans() {
        double[] m = new double[dimension()];
        for (int i = 0; i < dimension(); i++) {
            for (int j = 0; j < size(); j++) {
                m[i] += features.get(i, j);
            }
            m[i] /= size();
        }
        return m;
    }

    /** Per-feature standard deviation (population), 1 where a feature is constant. */
    public double[] featureStds(double[] mean) {
        double[] s = new double[dimension()];
        for (int i = 0; i < dimension(); i++) {
            for (int j = 0; j < size(); j++) {
                double d = features.get(i, j) - mean[i];
                s[i] += d * d;
            }
            s[i] = Math.sqrt(s[i] / size());
            if (s[i] == 0) {
                s[i] = 1;
            }
        }
        return s;
    }
}
