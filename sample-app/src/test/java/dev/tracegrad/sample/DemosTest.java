package dev.tracegrad.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short runs of the demos: training clearly beats chance, and the picture is a real PNG. */
class DemosTest {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    @Test
    void threeDigitsEpochsBeatChanceByFar() {
        TrainingHistory history = DigitsDemo.run(out, 3, 42);
        assertEquals(3, history.epochs().size());
        // Ten classes: chance is 10%.
        assertTrue(history.last().testAccuracy() > 0.8, "test accuracy " + history.last().testAccuracy());
        assertTrue(history.last().loss() < history.epochs().get(0).loss());
        assertTrue(buffer.toString(StandardCharsets.UTF_8).contains("digits: test accuracy"));
    }

    @Test
    void logisticRegressionSeparatesTheBreastCancerClasses() {
        double accuracy = BreastCancerDemo.run(out, 100, 42);
        assertTrue(accuracy >= 0.93, "accuracy " + accuracy);
    }

    @Test
    void covarianceFitReachesTheMaximumLikelihoodAnswer() {
        assertTrue(CovarianceDemo.run(out, 20_000) < 1e-3);
    }

    @Test
    void trainingCurveIsAReadablePng(@TempDir Path dir) throws Exception {
        TrainingHistory history = new TrainingHistory();
        history.add(new TrainingHistory.Epoch(1, 1.2, 0.6, 0.55, 10));
        history.add(new TrainingHistory.Epoch(2, 0.5, 0.85, 0.8, 10));
        history.add(new TrainingHistory.Epoch(3, 0.2, 0.95, 0.93, 10));
        Path png = TrainingCurve.write(history, "test", dir.resolve("sub/curve.png"));
        assertTrue(Files.size(png) > 1000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(TrainingCurve.WIDTH, image.getWidth());
        assertEquals(TrainingCurve.HEIGHT, image.getHeight());
        // The loss curve is drawn in its colour somewhere inside the plot.
        boolean blue = false;
        for (int x = 100; x < image.getWidth() - 100 && !blue; x++) {
            for (int y = 60; y < image.getHeight() - 70 && !blue; y++) {
                blue = image.getRGB(x, y) == 0xff1f77b4;
            }
        }
        assertTrue(blue, "no loss curve pixels");
    }

    @Test
    void niceCeilingRoundsUpToOneTwoOrFive() {
        assertEquals(2.0, TrainingCurve.niceCeiling(1.7), 0);
        assertEquals(0.5, TrainingCurve.niceCeiling(0.31), 1e-15);
        assertEquals(10.0, TrainingCurve.niceCeiling(7.2), 0);
        assertEquals(1.0, TrainingCurve.niceCeiling(1.0), 0);
    }
}
