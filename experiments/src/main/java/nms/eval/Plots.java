package nms.eval;

import nms.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * PNG charts drawn with java.awt in headless mode. The same data gives the same bytes: the image
 * holds only pixels (ImageIO's PNG writer adds no time or software chunk) and drawing is
 * deterministic.
 */
public final class Plots {

    static {
        // Must be set before the first AWT class loads; plots never need a display.
        System.setProperty("java.awt.headless", "true");
        ImageIO.setUseCache(false); // encode in memory, no temp files in java.io.tmpdir
    }

    /** Line colours, distinguishable for colour-blind readers (Okabe-Ito). */
    private static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
        new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233),
        new Color(240, 228, 66), new Color(0, 0, 0)};
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    private Plots() {
    }

    /**
     * Test accuracy versus budget: one line per selector (mean over seeds, error bars one std),
     * and the full-data accuracy as a dashed ceiling.
     */
    public static void accuracyVersusBudget(Evaluation.Result result, Path png) throws IOException {
        Map<String, List<Evaluation.Row>> bySelector = new LinkedHashMap<>();
        for (Evaluation.Row row : result.rows()) {
            bySelector.computeIfAbsent(row.selector(), s -> new ArrayList<>()).add(row);
        }
        double xMax = 0;
        double yLow = result.fullMeanPercent();
        double yHigh = result.fullMeanPercent();
        for (Evaluation.Row row : result.rows()) {
            xMax = Math.max(xMax, 100 * row.budget());
            yLow = Math.min(yLow, row.meanPercent() - row.stdPercent());
            yHigh = Math.max(yHigh, row.meanPercent() + row.stdPercent());
        }
        Axis x = Axis.of(0, xMax);
        Axis y = Axis.of(yLow - 1, Math.min(100, yHigh + 1));
        Frame frame = new Frame(820, 540, 80, 30, 50, 70);
        BufferedImage image = frame.blank();
        Graphics2D g = frame.graphics(image);
        frame.axes(g, x, y, "budget (% of the training pool)", "test accuracy (%)",
                String.format(Locale.ROOT, "Test accuracy versus budget (mean \u00b1 std over %d "
                        + "seed%s)", result.seeds(), result.seeds() == 1 ? "" : "s"));

        Stroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f);
        g.setColor(Color.GRAY);
        g.setStroke(dashed);
        double ceiling = frame.py(y, result.fullMeanPercent());
        g.draw(new Line2D.Double(frame.left, ceiling, frame.right(), ceiling));

        List<String> names = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, List<Evaluation.Row>> entry : bySelector.entrySet()) {
            Color colour = PALETTE[index++ % PALETTE.length];
            List<Evaluation.Row> rows = new ArrayList<>(entry.getValue());
            rows.sort((a, b) -> Double.compare(a.budget(), b.budget()));
            g.setColor(colour);
            g.setStroke(new BasicStroke(2f));
            for (int i = 1; i < rows.size(); i++) {
                g.draw(new Line2D.Double(frame.px(x, 100 * rows.get(i - 1).budget()),
                        frame.py(y, rows.get(i - 1).meanPercent()),
                        frame.px(x, 100 * rows.get(i).budget()),
                        frame.py(y, rows.get(i).meanPercent())));
            }
            g.setStroke(new BasicStroke(1.5f));
            for (Evaluation.Row row : rows) {
                double cx = frame.px(x, 100 * row.budget());
                double top = frame.py(y, row.meanPercent() + row.stdPercent());
                double bottom = frame.py(y, row.meanPercent() - row.stdPercent());
                g.draw(new Line2D.Double(cx, top, cx, bottom));
                g.draw(new Line2D.Double(cx - 4, top, cx + 4, top));
                g.draw(new Line2D.Double(cx - 4, bottom, cx + 4, bottom));
                g.fill(new Ellipse2D.Double(cx - 4, frame.py(y, row.meanPercent()) - 4, 8, 8));
            }
            names.add(entry.getKey());
            colours.add(colour);
        }
        names.add(String.format(Locale.ROOT, "full data (%.2f%%)", result.fullMeanPercent()));
        colours.add(Color.GRAY);
        frame.legend(g, names, colours, names.size() - 1);
        g.dispose();
        byte[] encoded = encode(image);
        AtomicFiles.writeBinary(png, out -> out.write(encoded));
    }

    /**
     * A 2-D embedding of one class: every sample as a grey dot, the exemplars as red rings.
     * Axes are scaled equally so the picture shows the true shape of the embedding.
     */
    public static void embedding(double[][] points, int[] exemplars, String title, Path png)
            throws IOException {
        EmbeddingFrame ef = EmbeddingFrame.of(points);
        Axis x = ef.x();
        Axis y = ef.y();
        Frame frame = ef.frame();
        BufferedImage image = frame.blank();
        Graphics2D g = frame.graphics(image);
        frame.axes(g, x, y, "embedding dimension 1", "embedding dimension 2", title);
        g.setColor(new Color(120, 120, 120, 140));
        for (double[] p : points) {
            g.fill(new Ellipse2D.Double(frame.px(x, p[0]) - 1.5, frame.py(y, p[1]) - 1.5, 3, 3));
        }
        Color red = new Color(213, 0, 0);
        g.setColor(red);
        g.setStroke(new BasicStroke(1.8f));
        for (int e : exemplars) {
            double[] p = points[e];
            g.draw(new Ellipse2D.Double(frame.px(x, p[0]) - 5, frame.py(y, p[1]) - 5, 10, 10));
        }
        frame.legend(g, List.of(points.length + " samples", exemplars.length + " exemplars"),
                List.of(Color.GRAY, red), -1);
        g.dispose();
        byte[] encoded = encode(image);
        AtomicFiles.writeBinary(png, out -> out.write(encoded));
    }

    /**
     * {@link #embedding} as SVG: the same frame, axes, dots and rings, written as text with
     * fixed decimals in the root locale, so the same data gives the same bytes.
     */
    public static void embeddingSvg(double[][] points, int[] exemplars, String title, Path svg)
            throws IOException {
        EmbeddingFrame ef = EmbeddingFrame.of(points);
        Frame f = ef.frame();
        Axis x = ef.x();
        Axis y = ef.y();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"13\">%n",
                f.width, f.height, f.width, f.height));
        out.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n",
                f.width, f.height));
        out.append("<g stroke=\"#e6e6e6\">\n");
        for (double tick : x.ticks()) {
            out.append(line(f.px(x, tick), f.top, f.px(x, tick), f.bottom()));
        }
        for (double tick : y.ticks()) {
            out.append(line(f.left, f.py(y, tick), f.right(), f.py(y, tick)));
        }
        out.append("</g>\n<g stroke=\"black\">\n");
        out.append(line(f.left, f.top, f.left, f.bottom())).append(line(f.left, f.bottom(), f.right(), f.bottom()));
        for (double tick : x.ticks()) {
            out.append(line(f.px(x, tick), f.bottom(), f.px(x, tick), f.bottom() + 5));
        }
        for (double tick : y.ticks()) {
            out.append(line(f.left - 5, f.py(y, tick), f.left, f.py(y, tick)));
        }
        out.append("</g>\n");
        for (double tick : x.ticks()) {
            out.append(text(f.px(x, tick), f.bottom() + 21, "middle", x.label(tick)));
        }
        for (double tick : y.ticks()) {
            out.append(text(f.left - 8, f.py(y, tick) + 4, "end", y.label(tick)));
        }
        out.append(text((f.left + f.right()) / 2, f.bottom() + 43, "middle", "embedding dimension 1"));
        out.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"0\" text-anchor=\"middle\" "
                + "transform=\"translate(%.1f %.1f) rotate(-90)\">embedding dimension 2</text>%n",
                (double) f.left - 45, (f.top + f.bottom()) / 2));
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                + "font-size=\"15\" font-weight=\"bold\">%s</text>%n", f.width / 2.0, f.top - 18.0, escape(title)));
        out.append("<g fill=\"#787878\" fill-opacity=\"0.55\">\n");
        for (double[] p : points) {
            out.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"1.5\"/>%n",
                    f.px(x, p[0]), f.py(y, p[1])));
        }
        out.append("</g>\n<g fill=\"none\" stroke=\"#d50000\" stroke-width=\"1.8\">\n");
        for (int e : exemplars) {
            out.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"5\"/>%n",
                    f.px(x, points[e][0]), f.py(y, points[e][1])));
        }
        out.append("</g>\n");
        out.append(text(f.right() - 10, f.bottom() - 28, "end", points.length + " samples (grey dots)"));
        out.append(text(f.right() - 10, f.bottom() - 12, "end", exemplars.length + " exemplars (red rings)"));
        out.append("</svg>\n");
        AtomicFiles.writeString(svg, out.toString());
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return String.format(Locale.ROOT, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>%n",
                x1, y1, x2, y2);
    }

    private static String text(double x, double y, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n",
                x, y, anchor, escape(content));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The square, equally scaled frame both embedding pictures draw in. */
    private record EmbeddingFrame(Frame frame, Axis x, Axis y) {
        static EmbeddingFrame of(double[][] points) {
            double minX = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            double minY = Double.POSITIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            for (double[] p : points) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                minY = Math.min(minY, p[1]);
                maxY = Math.max(maxY, p[1]);
            }
            double half = Math.max(Math.max(maxX - minX, maxY - minY) / 2 * 1.05, 1e-9);
            double midX = (minX + maxX) / 2;
            double midY = (minY + maxY) / 2;
            return new EmbeddingFrame(new Frame(640, 680, 70, 30, 50, 90),
                    Axis.of(midX - half, midX + half), Axis.of(midY - half, midY + half));
        }
    }

    /**
     * One line per series on shared axes (series {@code i} is {@code ys[i]} against {@code xs[i]}),
     * legend in the lower-right corner: for learning curves of several methods on one chart.
     */
    public static void lines(List<String> names, List<double[]> xs, List<double[]> ys, String title, String xLabel,
                             String yLabel, Path png) throws IOException {
        double xLow = Double.POSITIVE_INFINITY;
        double xHigh = Double.NEGATIVE_INFINITY;
        double yLow = Double.POSITIVE_INFINITY;
        double yHigh = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < names.size(); k++) {
            for (int i = 0; i < xs.get(k).length; i++) {
                xLow = Math.min(xLow, xs.get(k)[i]);
                xHigh = Math.max(xHigh, xs.get(k)[i]);
                yLow = Math.min(yLow, ys.get(k)[i]);
                yHigh = Math.max(yHigh, ys.get(k)[i]);
            }
        }
        if (xLow > xHigh) {
            xLow = 0;
            xHigh = 1;
            yLow = 0;
            yHigh = 1;
        }
        Axis x = Axis.of(xLow, xHigh);
        Axis y = Axis.of(yLow, yHigh);
        Frame frame = new Frame(820, 540, 80, 30, 50, 70);
        BufferedImage image = frame.blank();
        Graphics2D g = frame.graphics(image);
        frame.axes(g, x, y, xLabel, yLabel, title);
        List<Color> colours = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            Color colour = PALETTE[k % PALETTE.length];
            colours.add(colour);
            g.setColor(colour);
            g.setStroke(new BasicStroke(2f));
            double[] px = xs.get(k);
            double[] py = ys.get(k);
            for (int i = 1; i < px.length; i++) {
                g.draw(new Line2D.Double(frame.px(x, px[i - 1]), frame.py(y, py[i - 1]), frame.px(x, px[i]),
                        frame.py(y, py[i])));
            }
        }
        frame.legend(g, names, colours, -1);
        g.dispose();
        byte[] encoded = encode(image);
        AtomicFiles.writeBinary(png, out -> out.write(encoded));
    }

    /**
     * Grouped bars: for each bin {@code b} (x position b) one bar per series of height
     * {@code heights[k][b]}, series side by side within the bin; {@code xLabel} names the bins.
     */
    public static void bars(List<String> names, List<double[]> heights, String title, String xLabel, String yLabel,
                            Path png) throws IOException {
        int bins = heights.stream().mapToInt(h -> h.length).max().orElse(1);
        double yHigh = 0;
        for (double[] h : heights) {
            for (double v : h) {
                yHigh = Math.max(yHigh, v);
            }
        }
        // One tick per bin; the outer ticks (-1 and bins) only frame the bars.
        Axis x = new Axis(-1, Math.max(1, bins), 1);
        Axis y = Axis.of(0, yHigh > 0 ? yHigh : 1);
        Frame frame = new Frame(820, 540, 80, 30, 50, 70);
        BufferedImage image = frame.blank();
        Graphics2D g = frame.graphics(image);
        frame.axes(g, x, y, xLabel, yLabel, title);
        List<Color> colours = new ArrayList<>();
        double width = 0.8 / Math.max(1, names.size());
        for (int k = 0; k < names.size(); k++) {
            Color colour = PALETTE[k % PALETTE.length];
            colours.add(colour);
            g.setColor(colour);
            double[] h = heights.get(k);
            for (int b = 0; b < h.length; b++) {
                double left = frame.px(x, b - 0.4 + k * width);
                double right = frame.px(x, b - 0.4 + (k + 1) * width);
                double top = frame.py(y, h[b]);
                g.fill(new java.awt.geom.Rectangle2D.Double(left, top, Math.max(1, right - left),
                        frame.py(y, 0) - top));
            }
        }
        frame.legend(g, names, colours, -1, true);
        g.dispose();
        byte[] encoded = encode(image);
        AtomicFiles.writeBinary(png, out -> out.write(encoded));
    }

    static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A numeric axis range with "nice" tick steps (1, 2 or 5 times a power of ten). */
    private record Axis(double low, double high, double step) {

        static Axis of(double low, double high) {
            if (!(high > low)) {
                low -= 0.5;
                high += 0.5;
            }
            double raw = (high - low) / 6;
            double power = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = raw / power <= 1 ? power
                    : raw / power <= 2 ? 2 * power : raw / power <= 5 ? 5 * power : 10 * power;
            return new Axis(Math.floor(low / step) * step, Math.ceil(high / step) * step, step);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            long count = Math.round((high - low) / step);
            for (long i = 0; i <= count; i++) {
                ticks.add(low + i * step);
            }
            return ticks;
        }

        String label(double value) {
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
    }

    /** Canvas size and plot-area margins, and the data-to-pixel mapping. */
    private record Frame(int width, int height, int left, int rightMargin, int top,
                         int bottomMargin) {

        double right() {
            return width - rightMargin;
        }

        double bottom() {
            return height - bottomMargin;
        }

        double px(Axis axis, double value) {
            return left + (value - axis.low()) / (axis.high() - axis.low()) * (right() - left);
        }

        double py(Axis axis, double value) {
            return bottom() - (value - axis.low()) / (axis.high() - axis.low()) * (bottom() - top);
        }

        BufferedImage blank() {
            return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        }

        Graphics2D graphics(BufferedImage image) {
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                    RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL,
                    RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            return g;
        }

        void axes(Graphics2D g, Axis x, Axis y, String xLabel, String yLabel, String title) {
            g.setFont(FONT);
            FontMetrics metrics = g.getFontMetrics();
            g.setStroke(new BasicStroke(1f));
            for (double tick : x.ticks()) {
                double px = px(x, tick);
                g.setColor(new Color(230, 230, 230));
                g.draw(new Line2D.Double(px, top, px, bottom()));
                g.setColor(Color.BLACK);
                g.draw(new Line2D.Double(px, bottom(), px, bottom() + 5));
                String label = x.label(tick);
                g.drawString(label, (float) (px - metrics.stringWidth(label) / 2.0),
                        (float) (bottom() + 8 + metrics.getAscent()));
            }
            for (double tick : y.ticks()) {
                double py = py(y, tick);
                g.setColor(new Color(230, 230, 230));
                g.draw(new Line2D.Double(left, py, right(), py));
                g.setColor(Color.BLACK);
                g.draw(new Line2D.Double(left - 5, py, left, py));
                String label = y.label(tick);
                g.drawString(label, (float) (left - 8 - metrics.stringWidth(label)),
                        (float) (py + metrics.getAscent() / 2.0 - 1));
            }
            g.setColor(Color.BLACK);
            g.draw(new Line2D.Double(left, top, left, bottom()));
            g.draw(new Line2D.Double(left, bottom(), right(), bottom()));
            g.drawString(xLabel, (float) ((left + right()) / 2 - metrics.stringWidth(xLabel) / 2.0),
                    (float) (bottom() + 30 + metrics.getAscent()));
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, (float) (-(top + bottom()) / 2 - metrics.stringWidth(yLabel) / 2.0),
                    (float) (left - 45));
            g.setTransform(saved);
            g.setFont(TITLE_FONT);
            FontMetrics titleMetrics = g.getFontMetrics();
            g.drawString(title, (float) (width / 2.0 - titleMetrics.stringWidth(title) / 2.0),
                    (float) (top - 18));
            g.setFont(FONT);
        }

        /** A boxed legend in the lower-right corner; entry {@code dashedEntry} is drawn dashed. */
        void legend(Graphics2D g, List<String> names, List<Color> colours, int dashedEntry) {
            legend(g, names, colours, dashedEntry, false);
        }

        /** As {@link #legend(Graphics2D, List, List, int)}, in the upper-right corner when {@code top}. */
        void legend(Graphics2D g, List<String> names, List<Color> colours, int dashedEntry, boolean top) {
            g.setFont(FONT);
            FontMetrics metrics = g.getFontMetrics();
            int lineHeight = metrics.getHeight() + 4;
            int textWidth = 0;
            for (String name : names) {
                textWidth = Math.max(textWidth, metrics.stringWidth(name));
            }
            double boxWidth = textWidth + 50;
            double boxHeight = names.size() * lineHeight + 10;
            double bx = right() - boxWidth - 10;
            double by = top ? this.top + 10 : bottom() - boxHeight - 10;
            g.setColor(new Color(255, 255, 255, 230));
            g.fill(new java.awt.geom.Rectangle2D.Double(bx, by, boxWidth, boxHeight));
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(1f));
            g.draw(new java.awt.geom.Rectangle2D.Double(bx, by, boxWidth, boxHeight));
            for (int i = 0; i < names.size(); i++) {
                double ly = by + 5 + i * lineHeight + lineHeight / 2.0;
                g.setColor(colours.get(i));
                g.setStroke(i == dashedEntry
                        ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                                new float[] {6f, 4f}, 0f)
                        : new BasicStroke(2f));
                g.draw(new Line2D.Double(bx + 8, ly, bx + 36, ly));
                g.setColor(Color.BLACK);
                g.drawString(names.get(i), (float) (bx + 42),
                        (float) (ly + metrics.getAscent() / 2.0 - 2));
            }
        }
    }
}
