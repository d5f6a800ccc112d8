package nms.desne;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import nms.config.Metric;
import nms.config.NmsConfig;
import nms.data.FashionMnist;
import nms.data.Images;
import nms.reference.EmbeddingQuality;
import nms.reference.PairwiseDistances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * One whole Fashion-MNIST training class (6000 images) through both DE-SNE embedders, printing
 * wall time, process CPU time and peak heap of each; a measurement, not an assertion. Takes
 * minutes, so it runs only on request:
 * {@code mvn -pl golden-model test -Dtest=DesneScaleBenchmark -Dnms.benchmark=true}, or with
 * chosen JVM flags through {@link #main} on the test classpath. The class label and the
 * iteration count can be set with {@code -Dnms.benchmark.label=} and
 * {@code -Dnms.benchmark.iterations=}.
 *
 * <p>Peak heap is reported two ways: the largest {@code totalMemory - freeMemory} sampled every
 * 10 ms (includes garbage not yet collected, so it depends on the heap limit), and the sum of
 * the heap pools' peak usage (an upper bound of the simultaneous peak, same caveat).
 */
@EnabledIfSystemProperty(named = "nms.benchmark", matches = "true")
class DesneScaleBenchmark {

    /** Whole 6000-row classes need max_rows_per_class above 6000; 8192 passes validation. */
    static final NmsConfig CONFIG = NmsConfig.defaults().with("max_rows_per_class", "8192");

    @Test
    void wholeClass() throws InterruptedException {
        run();
    }

    public static void main(String[] args) throws InterruptedException {
        run();
    }

    static void run() throws InterruptedException {
        int label = Integer.getInteger("nms.benchmark.label", 0);
        int iterations = Integer.getInteger("nms.benchmark.iterations", 1000);
        Images train = FashionMnist.load("train");
        Images cls = train.ofClass(label);
        train = null;
        System.out.printf("class %d: %d rows, config max_rows_per_class=%d (dividend_width %s), %d iterations, "
                        + "max heap %d MB, %d processors%n", label, cls.rows(), CONFIG.maxRowsPerClass(),
                CONFIG.describe().get("derived.dividend_width"), iterations,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        DesneOptions options = DesneOptions.DEFAULT.withIterations(iterations);
        double[][][] points = new double[2][][];
        DesneEmbedder[] embedders = {new FixedDesneEmbedder(CONFIG, options), new DoubleDesneEmbedder(CONFIG, options)};
        for (int e = 0; e < embedders.length; e++) {
            System.gc();
            HeapSampler sampler = new HeapSampler();
            long wall = System.nanoTime();
            long cpu = processCpuNanos();
            DesneEmbedder.Result r = embedders[e].embedWithStats(cls, 1);
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
            long[] peaks = sampler.stop();
            points[e] = r.points();
            System.out.printf("%s: wall %.1f s, CPU %.1f s, peak heap sampled %d MB, pool peaks %d MB%n  %s%n",
                    embedders[e].path(), wallSeconds, cpuSeconds, peaks[0] >> 20, peaks[1] >> 20, r.stats());
        }
        long[][] distances = PairwiseDistances.compute(cls.pixels(), Metric.L2);
        for (int e = 0; e < embedders.length; e++) {
            System.out.printf("%s: trustworthiness (k=10) %.4f%n", embedders[e].path(),
                    EmbeddingQuality.trustworthiness(distances, points[e], 10));
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Samples used heap every 10 ms on a daemon thread. */
    private static final class HeapSampler {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peak;

        HeapSampler() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                }
            }
            thread = new Thread(() -> {
                Runtime rt = Runtime.getRuntime();
                while (running) {
                    peak = Math.max(peak, rt.totalMemory() - rt.freeMemory());
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        /** {sampled peak, sum of heap pool peaks} in bytes. */
        long[] stop() throws InterruptedException {
            running = false;
            thread.join();
            long pools = Arrays.stream(ManagementFactory.getMemoryPoolMXBeans().toArray(new MemoryPoolMXBean[0]))
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            return new long[] {peak, pools};
        }
    }
}
