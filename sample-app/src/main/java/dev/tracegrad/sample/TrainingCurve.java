package dev.tracegrad.sample;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws a training curve with plain Java2D (headless): training loss on the left axis, test
 * accuracy on the right axis, epochs along the bottom.
 */
public final class TrainingCurve {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;
    private static final int LEFT = 90;
    private static final int RIGHT = 90;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    private static final Color LOSS = new Color(0x1f, 0x77, 0xb4);
    private static final Color ACCURACY = new Color(0xd6, 0x27, 0x28);

    private TrainingCurve() {}

    /** Writes the PNG to {@code file} (creating its directory) and returns the file. */
    public static Path write(TrainingHistory history, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = render(history, title);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
        return file;
    }

    static BufferedImage render(TrainingHistory history, String title) {
        List<TrainingHistory.Epoch> epochs = history.epochs();
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                    RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);

            int plotW = WIDTH - LEFT - RIGHT;
            int plotH = HEIGHT - TOP - BOTTOM;
            double maxLoss = epochs.stream().mapToDouble(TrainingHistory.Epoch::loss).max().orElse(1);
            double lossTop = niceCeiling(maxLoss);
            int lastEpoch = Math.max(1, epochs.isEmpty() ? 1 : epochs.get(epochs.size() - 1).epoch());

            // Grid and axes.
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            FontMetrics fm = g.getFontMetrics();
            for (int k = 0; k <= 5; k++) {
                int y = TOP + plotH - k * plotH / 5;
                g.setColor(new Color(0xe6, 0xe6, 0xe6));
                g.drawLine(LEFT, y, LEFT + plotW, y);
                g.setColor(LOSS);
                String lossLabel = String.format(Locale.ROOT, "%.2f", lossTop * k / 5);
                g.drawString(lossLabel, LEFT - 8 - fm.stringWidth(lossLabel), y + 5);
                g.setColor(ACCURACY);
                g.drawString(String.format(Locale.ROOT, "%d%%", 20 * k), LEFT + plotW + 8, y + 5);
            }
            g.setColor(Color.DARK_GRAY);
            int xTicks = Math.min(lastEpoch, 10);
            for (int k = 0; k <= xTicks; k++) {
                int epoch = (int) Math.round((double) lastEpoch * k / xTicks);
                int x = LEFT + (int) Math.round((double) plotW * epoch / lastEpoch);
                String label = Integer.toString(epoch);
                g.drawLine(x, TOP + plotH, x, TOP + plotH + 5);
                g.drawString(label, x - fm.stringWidth(label) / 2, TOP + plotH + 20);
            }
            g.setStroke(new BasicStroke(1.5f));
            g.drawRect(LEFT, TOP, plotW, plotH);

            // Curves.
            g.setStroke(new BasicStroke(2.5f));
            g.setColor(LOSS);
            g.draw(curve(epochs, e -> e.loss() / lossTop, plotW, plotH, lastEpoch));
            g.setColor(ACCURACY);
            g.draw(curve(epochs, TrainingHistory.Epoch::testAccuracy, plotW, plotH, lastEpoch));

            // Labels.
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
            g.drawString(title, LEFT, TOP - 25);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            fm = g.getFontMetrics();
            String xLabel = "epoch";
            g.drawString(xLabel, LEFT + plotW / 2 - fm.stringWidth(xLabel) / 2, HEIGHT - 25);
            drawVertical(g, "training loss (cross-entropy)", LOSS, 25, TOP + plotH / 2);
            drawVertical(g, "test accuracy", ACCURACY, WIDTH - 20, TOP + plotH / 2);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static Path2D curve(List<TrainingHistory.Epoch> epochs,
            ToDoubleFunction<TrainingHistory.Epoch> fraction, int plotW, int plotH, int lastEpoch) {
        Path2D.Double path = new Path2D.Double();
        boolean first = true;
        for (TrainingHistory.Epoch e : epochs) {
            double x = LEFT + (double) plotW * e.epoch() / lastEpoch;
            double y = TOP + plotH * (1 - Math.max(0, Math.min(1, fraction.applyAsDouble(e))));
            if (first) {
                path.moveTo(x, y);
                first = false;
            } else {
                path.lineTo(x, y);
            }
        }
        return path;
    }

    private static void drawVertical(Graphics2D g, String text, Color color, int x, int centreY) {
        Graphics2D r = (Graphics2D) g.create();
        try {
            r.setColor(color);
            r.translate(x, centreY);
            r.rotate(-Math.PI / 2);
            r.drawString(text, -r.getFontMetrics().stringWidth(text) / 2, 0);
        } finally {
            r.dispose();
        }
    }

    /** The smallest of 1, 2, 5 × 10^k at or above v (for a readable top of the loss axis). */
    static double niceCeiling(double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
