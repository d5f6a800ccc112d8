package nms.reference;

import java.io.IOException;
import java.util.Arrays;

import nms.config.EmbeddingArithmetic;
import nms.config.EmbeddingSchedule;
import nms.config.Metric;
import nms.golden.NmsEmbedding;
import nms.golden.SparseWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fidelity and run time of the nms_embedding arithmetic (docs/arithmetic-embedding.md section 11)
 * on the first N images of Fashion-MNIST classes: trustworthiness (k = 10) of the integer sampled
 * embedding with the kernel ROM, of the double sampled twin (same negatives) and of the exact
 * double reference, and their wall times side by side. Opt-in:
 * {@code mvn -pl golden-model test -Dtest=SampledEmbeddingBenchmark -Dnms.benchmark=true
 * -Dnms.embed.n=1000 -Dnms.embed.negatives=16 -Dnms.embed.classes=0 -Dnms.embed.seeds=1}.
 */
@EnabledIfSystemProperty(named = "nms.benchmark", matches = "true")
class SampledEmbeddingBenchmark {

    @Test
    void sampledAgainstExact() throws IOException {
        int n = Integer.getInteger("nms.embed.n", 1000);
        int lutBits = Integer.getInteger("nms.embed.lutBits", 8);
        int[] negatives = Arrays.stream(System.getProperty("nms.embed.negatives", "16").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int[] classes = Arrays.stream(System.getProperty("nms.embed.classes", "0").split(","))
                .mapToInt(Integer::parseInt).toArray();
        long[] seeds = Arrays.stream(System.getProperty("nms.embed.seeds", "1").split(","))
                .mapToLong(Long::parseLong).toArray();
        boolean exactInteger = Boolean.getBoolean("nms.embed.exactInteger");
        ReferenceAffinities affinities = new ReferenceAffinities(Metric.L2, 30);
        EmbeddingSchedule schedule = EmbeddingSchedule.STANDARD;
        for (int cls : classes) {
            int[][] rows = FashionMnistSample.firstOfClass(cls, n);
            long[][] distances = PairwiseDistances.compute(rows, Metric.L2);
            ReferenceAffinities.Sparse sparse = affinities.sparse(distances);
            SparseWeights weights = FixedPointBridge.toWeights(sparse.joint(), FixedPointBridge.DEFAULT_WEIGHT_FRAC_BITS);
            for (long seed : seeds) {
                long t0 = System.nanoTime();
                double[][] exact = new ReferenceTsne(schedule).embed(sparse.joint(), seed);
                double exactS = (System.nanoTime() - t0) / 1e9;
                double tExact = EmbeddingQuality.trustworthiness(distances, exact, 10);
                String exactInt = "";
                if (exactInteger) {
                    t0 = System.nanoTime();
                    long[][] yi = new NmsEmbedding(schedule).embed(weights, weights.sum(), seed);
                    double s = (System.nanoTime() - t0) / 1e9;
                    exactInt = String.format(", exact integer %.4f in %.2f s",
                            EmbeddingQuality.trustworthiness(distances, FixedPointBridge.toDouble(yi), 10), s);
                }
                for (int m : negatives) {
                    EmbeddingArithmetic a = new EmbeddingArithmetic(2, m, lutBits);
                    t0 = System.nanoTime();
                    double[][] sampledD = new ReferenceTsne(schedule, a).embed(sparse.joint(), seed);
                    double doubleS = (System.nanoTime() - t0) / 1e9;
                    t0 = System.nanoTime();
                    long[][] sampledI = new NmsEmbedding(schedule, a).embed(weights, weights.sum(), seed);
                    double intS = (System.nanoTime() - t0) / 1e9;
                    double tD = EmbeddingQuality.trustworthiness(distances, sampledD, 10);
                    double tI = EmbeddingQuality.trustworthiness(distances, FixedPointBridge.toDouble(sampledI), 10);
                    System.out.printf("EMBED class=%d n=%d seed=%d M=%d L=%d: trust exact double %.4f (%.2f s),"
                                    + " sampled double %.4f (%.2f s), sampled integer+ROM %.4f (%.2f s);"
                                    + " integer - exact %+.4f; time integer/double %.2f, integer/exact %.3f%s%n",
                            cls, n, seed, m, lutBits, tExact, exactS, tD, doubleS, tI, intS, tI - tExact,
                            intS / doubleS, intS / exactS, exactInt);
                }
            }
        }
    }
}
