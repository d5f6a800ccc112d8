package nms.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

    static Evaluation.Result sampleResult() {
        List<Evaluation.Row> rows = List.of(
                row("random", 0.01, 75.1, 0.8), row("random", 0.05, 81.0, 0.5),
                row("random", 0.10, 83.2, 0.3), row("kcenter", 0.01, 72.4, 1.1),
                row("kcenter", 0.05, 80.2, 0.4), row("kcenter", 0.10, 83.9, 0.2));
        return new Evaluation.Result(rows, new double[] {87.1, 87.3, 87.2}, 87.2, 0.1, 0.01, 3);
    }

    private static Evaluation.Row row(String selector, double budget, double mean, double std) {
        return new Evaluation.Row(selector, budget, (int) (budget * 60000),
                new double[] {mean - std, mean, mean + std}, mean, std, 0.01);
    }

    @Test
    void accuracyChartIsADecodableNonBlankPng(@TempDir Path out) throws IOException {
        Path png = out.resolve("chart.png");
        Plots.accuracyVersusBudget(sampleResult(), png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "decodable");
        assertEquals(820, image.getWidth());
        assertTrue(distinctColours(image) > 10, "lines, error bars, text: not blank");
    }

    @Test
    void embeddingScatterMarksTheExemplars(@TempDir Path out) throws IOException {
        double[][] points = SyntheticImages.clusters2d(GridExemplarsTest.CORNERS, 50, 2, 1);
        int[] exemplars = new GridExemplars().choose(points, 8, 0);
        Path png = out.resolve("scatter.png");
        Plots.embedding(points, exemplars, "class 3: 200 samples, 8 exemplars", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        int red = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                red += r > 180 && g < 80 && b < 80 ? 1 : 0;
            }
        }
        assertTrue(red > 50, "exemplar rings drawn in red: " + red + " pixels");
    }

    @Test
    void sameDataGiveTheSameBytes(@TempDir Path out) throws IOException {
        Plots.accuracyVersusBudget(sampleResult(), out.resolve("a.png"));
        Plots.accuracyVersusBudget(sampleResult(), out.resolve("b.png"));
        assertArrayEquals(Files.readAllBytes(out.resolve("a.png")),
                Files.readAllBytes(out.resolve("b.png")));
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
