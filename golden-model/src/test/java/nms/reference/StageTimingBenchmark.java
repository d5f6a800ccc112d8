package nms.reference;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

import nms.config.EmbeddingSchedule;
import nms.config.Metric;
import nms.golden.NmsEmbedding;
import nms.golden.SparseWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Wall-clock and process CPU time of each stage on one Fashion-MNIST class at N = 100, 1000 and
 * 6000 (1000 iterations each). Takes minutes, so it runs only on request:
 * {@code mvn -pl golden-model test -Dtest=StageTimingBenchmark -Dnms.benchmark=true}.
 * CPU time is printed beside wall time because a busy shared machine inflates wall time.
 */
@EnabledIfSystemProperty(named = "nms.benchmark", matches = "true")
class StageTimingBenchmark {

    @Test
    void timeEachStage() throws IOException {
        int[][] all = FashionMnistSample.firstOfClass(0, 6000);
        ReferenceAffinities affinities = new ReferenceAffinities(Metric.L2, 30);
        for (int n : new int[] {100, 1000, 6000}) {
            int[][] rows = Arrays.copyOf(all, n);
            Stopwatch watch = new Stopwatch();
            long[][] distances = PairwiseDistances.compute(rows, Metric.L2);
            String distanceTime = watch.lap();
            ReferenceAffinities.Sparse sparse = affinities.sparse(distances);
            String searchTime = watch.lap();
            double[][] yDouble = new ReferenceTsne(EmbeddingSchedule.STANDARD).embed(sparse.joint(), 1);
            String tsneTime = watch.lap();
            SparseWeights weights = FixedPointBridge.toWeights(sparse.joint(), FixedPointBridge.DEFAULT_WEIGHT_FRAC_BITS);
            long[][] yInteger = new NmsEmbedding(EmbeddingSchedule.STANDARD).embed(weights, weights.sum(), 1);
            String integerTime = watch.lap();
            double tDouble = EmbeddingQuality.trustworthiness(distances, yDouble, 10);
            double tInteger = EmbeddingQuality.trustworthiness(distances, FixedPointBridge.toDouble(yInteger), 10);
            System.out.printf("N=%d: distances %s, perplexity search + sparse P %s (outside tol %d),"
                            + " double t-SNE %s, integer t-SNE %s, trustworthiness double %.4f integer %.4f%n",
                    n, distanceTime, searchTime, sparse.calibration().rowsOutsideTolerance(), tsneTime,
                    integerTime, tDouble, tInteger);
        }
    }

    private static final class Stopwatch {
        private long wall = System.nanoTime();
        private long cpu = processCpuNanos();

        String lap() {
            long nowWall = System.nanoTime();
            long nowCpu = processCpuNanos();
            String text = String.format("%.2f s wall / %.2f s CPU", (nowWall - wall) / 1e9, (nowCpu - cpu) / 1e9);
            wall = nowWall;
            cpu = nowCpu;
            return text;
        }

        private static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }
}
