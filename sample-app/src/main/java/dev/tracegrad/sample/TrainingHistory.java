package dev.tracegrad.sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Per-epoch measurements of a training run, in epoch order. */
public final class TrainingHistory {

    /** One epoch: mean training loss, accuracies in [0, 1], wall time in milliseconds. */
    public record Epoch(int epoch, double loss, double trainAccuracy, double testAccuracy, long millis) {}

    private final List<Epoch> epochs = new ArrayList<>();

    public void add(Epoch e) {
        epochs.add(e);
    }

    public List<Epoch> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public Epoch last() {
        return epochs.get(epochs.size() - 1);
    }
}
