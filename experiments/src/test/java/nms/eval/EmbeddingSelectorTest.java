package nms.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import nms.data.Images;
import org.junit.jupiter.api.Test;

class EmbeddingSelectorTest {

    /** Stand-in for DE-SNE: the first two pixels are the 2-D coordinates. */
    static final ClassEmbedder FIRST_TWO_PIXELS = (rows, seed) -> {
        double[][] points = new double[rows.rows()][];
        for (int i = 0; i < points.length; i++) {
            points[i] = new double[] {rows.pixels()[i][0], rows.pixels()[i][1]};
        }
        return points;
    };

    static Images fourCornerImages(int perCluster) {
        double[][] points = SyntheticImages.clusters2d(new double[][] {
            {20, 20}, {230, 20}, {20, 230}, {230, 230}}, perCluster, 10, 8);
        int[][] pixels = new int[points.length][];
        for (int i = 0; i < points.length; i++) {
            pixels[i] = new int[] {(int) points[i][0], (int) points[i][1], 7};
        }
        return SyntheticImages.rows(pixels);
    }

    @Test
    void embedsThenPicksExemplarsWithEitherRule() {
        int perCluster = 20;
        Images images = fourCornerImages(perCluster);
        for (ExemplarRule rule : new ExemplarRule[] {new GridExemplars(), new KMeansExemplars()}) {
            Selector selector = new EmbeddingSelector(FIRST_TWO_PIXELS, rule);
            SelectionAssertions.assertSelectorContract(selector, images);
            assertEquals(Set.of(0, 1, 2, 3), GridExemplarsTest.clustersHit(
                    selector.select(images, 4, 1), perCluster), rule.toString());
        }
    }

    @Test
    void returnsTheEmbeddingItSelectedOn() {
        Images images = fourCornerImages(5);
        EmbeddingSelector selector = new EmbeddingSelector(FIRST_TWO_PIXELS, new GridExemplars());
        EmbeddingSelector.Embedded result = selector.selectWithEmbedding(images, 4, 1);
        assertEquals(images.rows(), result.embedding().length);
        assertArrayEquals(selector.select(images, 4, 1), result.selected());
    }

    @Test
    void rejectsAMalformedEmbedding() {
        Images images = fourCornerImages(5);
        ClassEmbedder tooFew = (rows, seed) -> new double[1][2];
        ClassEmbedder notFinite = (rows, seed) -> {
            double[][] p = new double[rows.rows()][2];
            p[3][1] = Double.NaN;
            return p;
        };
        assertThrows(IllegalStateException.class,
                () -> new EmbeddingSelector(tooFew, new GridExemplars()).select(images, 2, 0));
        assertThrows(IllegalStateException.class,
                () -> new EmbeddingSelector(notFinite, new GridExemplars()).select(images, 2, 0));
    }
}
