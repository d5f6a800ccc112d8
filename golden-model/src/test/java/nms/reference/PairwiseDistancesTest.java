package nms.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import nms.config.Metric;
import org.junit.jupiter.api.Test;

class PairwiseDistancesTest {

    @Test
    void matchesTheMetricOnRandomRows() {
        SplittableRandom random = new SplittableRandom(7);
        int[][] rows = new int[37][50];
        for (int[] row : rows) {
            for (int k = 0; k < row.length; k++) {
                row[k] = random.nextInt(256);
            }
        }
        for (Metric metric : Metric.values()) {
            long[][] d = PairwiseDistances.compute(rows, metric);
            for (int i = 0; i < rows.length; i++) {
                assertEquals(0, d[i][i]);
                for (int j = 0; j < rows.length; j++) {
                    assertEquals(metric.distance(rows[i], rows[j]), d[i][j]);
                }
            }
        }
    }

    @Test
    void wideRowsUseTheLongKernel() {
        // 16-bit pixels over 1000 dims overflow 32 bits: 1000 * 65535^2 > 2^31.
        int[][] rows = {new int[1000], new int[1000]};
        java.util.Arrays.fill(rows[1], 65535);
        assertEquals(1000L * 65535 * 65535, PairwiseDistances.compute(rows, Metric.L2)[0][1]);
        assertEquals(1000L * 65535, PairwiseDistances.compute(rows, Metric.L1)[1][0]);
    }
}
