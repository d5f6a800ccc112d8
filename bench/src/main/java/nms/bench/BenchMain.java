package nms.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nms.config.Metric;
import nms.config.NmsConfig;
import nms.data.DatasetException;
import nms.data.FashionMnist;
import nms.data.Images;
import nms.golden.NmsDistance;
import nms.io.Summary;

/**
 * Throughput of the golden squared-L2 kernel next to a plain double loop and Smile's
 * {@code MathEx.squaredDistance}, on the same real Fashion-MNIST test images in the same run.
 *
 * <p>All three kernels see the same pairs, the same thread count and the same partitioning. Every
 * pair is first checked to give the same distance in all three (exit 1 otherwise); then each
 * kernel is warmed up and measured in interleaved rounds (golden, double, smile, golden, ...),
 * and the median round of each is reported. Each round's checksum (sum of all distances) must
 * equal the verified one, so no work can be dropped by the JIT.
 */
public final class BenchMain {
    static final String USAGE = """
            usage: java -jar bench/target/nms-bench.jar [options]
              --images N    Fashion-MNIST test images to use (default 2000, at most 10000)
              --pairs P     pairs to compute (default all i<j pairs of the images)
              --rounds R    measured rounds per kernel, interleaved; the median is reported (default 5)
              --warmup W    warm-up rounds per kernel, discarded; at least 1 s each (default 2)
              --threads T   threads per kernel, the same for all three (default 1)
              --out DIR     also write DIR/summary.csv (metric,value)
              --help        this text
              --lrt         instead: the LRT accumulator against a dense gradient accumulator (--lrt --help)
            Fashion-MNIST is read from /usr/share/datasets/fashion-mnist (package dataset-fashion-mnist)
            or from $NMS_FASHION_MNIST_DIR.""";

    /** Warm-up goes on until every kernel has run this long (and at least --warmup rounds). */
    static final long WARMUP_NANOS = 1_000_000_000L;
    static final int MAX_WARMUP_ROUNDS = 100_000;

    static final String[] KERNELS = {"golden NmsDistance", "double loop", "smile MathEx"};

    /** Parsed command line; {@code warmupNanos} is the least warm-up time of each kernel. */
    record Options(int images, long pairs, int rounds, int warmup, long warmupNanos, int threads,
                   Path out) {
        static Options parse(String[] args) {
            int images = 2000;
            long pairs = -1;
            int rounds = 5;
            int warmup = 2;
            int threads = 1;
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    throw new UsageException(null);
                }
                if (i + 1 >= args.length) {
                    throw new UsageException(a.startsWith("--") ? a + " needs a value"
                            : "unknown argument '" + a + "'");
                }
                String v = args[++i];
                switch (a) {
                    case "--images" -> images = intIn(a, v, 2, 10_000);
                    case "--pairs" -> pairs = longIn(a, v, 1, Long.MAX_VALUE);
                    case "--rounds" -> rounds = intIn(a, v, 1, 1000);
                    case "--warmup" -> warmup = intIn(a, v, 0, 1000);
                    case "--threads" -> threads = intIn(a, v, 1, 256);
                    case "--out" -> out = Path.of(v);
                    default -> throw new UsageException("unknown option '" + a + "'");
                }
            }
            long all = Kernels.allPairs(images);
            if (pairs > all) {
                throw new UsageException("--pairs " + pairs + " is more than the " + all
                        + " pairs of " + images + " images");
            }
            return new Options(images, pairs < 0 ? all : pairs, rounds, warmup, WARMUP_NANOS, threads,
                    out);
        }

        static int intIn(String opt, String v, int lo, int hi) {
            return (int) longIn(opt, v, lo, hi);
        }

        private static long longIn(String opt, String v, long lo, long hi) {
            long x;
            try {
                x = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new UsageException(opt + " needs a whole number, got '" + v + "'");
            }
            if (x < lo || x > hi) {
                throw new UsageException(opt + " must be in [" + lo + ", " + hi + "], got " + x);
            }
            return x;
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** Median seconds per kernel, in {@link #KERNELS} order. */
    record Result(int images, int dims, long pairs, int threads, int rounds, double[] medianSeconds,
                  long checksum) {
        double pairsPerSecond(int kernel) {
            return pairs / medianSeconds[kernel];
        }

        /** Pixel bytes read per second: each pair reads {@code dims} 8-bit pixels of both images. */
        double pixelBytesPerSecond(int kernel) {
            return pairsPerSecond(kernel) * dims * 2;
        }

        double ratio(int kernel) {
            return pairsPerSecond(0) / pairsPerSecond(kernel);
        }

        Summary summary() {
            return new Summary()
                    .put("pairs_per_s_golden", fmt("%.0f", pairsPerSecond(0)))
                    .put("pairs_per_s_double", fmt("%.0f", pairsPerSecond(1)))
                    .put("pairs_per_s_smile", fmt("%.0f", pairsPerSecond(2)))
                    .put("ratio_vs_double", fmt("%.3f", ratio(1)))
                    .put("ratio_vs_smile", fmt("%.3f", ratio(2)))
                    .put("images", images)
                    .put("pairs", pairs);
        }
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--lrt")) {
            lrt(args);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            if (e.getMessage() == null) {
                System.out.println(USAGE);
                return;
            }
            System.err.println("nms-bench: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try {
            run(options, System.out);
        } catch (IllegalStateException e) {
            System.err.println("nms-bench: FAILED: " + e.getMessage());
            System.exit(1);
        } catch (DatasetException e) {
            System.err.println("nms-bench: " + e.getMessage());
            System.exit(1);
        } catch (IOException | RuntimeException e) {
            System.err.println("nms-bench: " + e);
            System.exit(1);
        }
    }

    private static void lrt(String[] args) {
        LrtBench.Options options;
        try {
            options = LrtBench.Options.parse(args);
        } catch (UsageException e) {
            if (e.getMessage() == null) {
                System.out.println(LrtBench.USAGE);
                return;
            }
            System.err.println("nms-bench: " + e.getMessage());
            System.err.println(LrtBench.USAGE);
            System.exit(2);
            return;
        }
        try {
            LrtBench.run(options, System.out);
        } catch (IOException | RuntimeException e) {
            System.err.println("nms-bench: FAILED: " + e);
            System.exit(1);
        }
    }

    static Result run(Options o, PrintStream out) throws IOException {
        Images test = FashionMnist.load("test");
        int[][] ints = Arrays.copyOf(test.pixels(), o.images());
        NmsConfig config = NmsConfig.defaults().withAll(List.of(
                "pixel_width=" + test.pixelWidth(), "dims=" + test.dims(), "metric=l2"));
        Result r = measure(new NmsDistance(config), config, ints, o, out);
        out.print(table(r, test.source()));
        if (o.out() != null) {
            r.summary().write(o.out());
            if (!Boolean.getBoolean("nms.bench.staged")) {
                out.println("wrote " + o.out().resolve("summary.csv"));
            }
        }
        return r;
    }

    /** Verifies, warms up and measures the three kernels on {@code ints} (and double copies). */
    static Result measure(NmsDistance golden, NmsConfig config, int[][] ints, Options o,
                          PrintStream log) {
        if (config.metric() != Metric.L2) {
            throw new IllegalArgumentException("the bench compares squared L2, config has "
                    + config.metric());
        }
        double[][] doubles = Kernels.toDoubles(ints);
        int dims = config.dims();
        log.printf(Locale.ROOT, "nms-bench: %d images x %d pixels, %d pairs, %d thread(s); "
                        + "golden block %d; %s %s, %d cpus%n",
                ints.length, dims, o.pairs(), o.threads(),
                NmsDistance.blockFor(config.formats().maxPixel), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

        long t0 = System.nanoTime();
        long checksum = Kernels.verify(golden, ints, doubles, o.pairs());
        log.printf(Locale.ROOT, "verified: all %d pairs equal in the three kernels, checksum %d"
                + " (%.1f s)%n", o.pairs(), checksum, (System.nanoTime() - t0) / 1e9);

        long[][] chunks = chunks(o.pairs(), o.threads());
        ExecutorService pool = o.threads() > 1 ? Executors.newFixedThreadPool(o.threads()) : null;
        try {
            // warm-up: at least --warmup rounds, and on until each kernel has run warmupNanos
            long[] warmNanos = new long[KERNELS.length];
            for (int round = 0; round < MAX_WARMUP_ROUNDS
                    && (round < o.warmup() || Arrays.stream(warmNanos).min().orElse(0) < o.warmupNanos());
                    round++) {
                for (int k = 0; k < KERNELS.length; k++) {
                    warmNanos[k] += timedRound(k, round, golden, ints, doubles, chunks, pool, checksum);
                }
            }
            double[][] seconds = new double[KERNELS.length][o.rounds()];
            for (int round = 0; round < o.rounds(); round++) {
                for (int k = 0; k < KERNELS.length; k++) {
                    seconds[k][round] = timedRound(k, round, golden, ints, doubles, chunks, pool,
                            checksum) / 1e9;
                }
            }
            double[] median = new double[KERNELS.length];
            for (int k = 0; k < KERNELS.length; k++) {
                median[k] = median(seconds[k]);
            }
            return new Result(ints.length, dims, o.pairs(), o.threads(), o.rounds(), median, checksum);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** One timed run of kernel {@code k} over all pairs, in ns; its checksum must be the verified one. */
    private static long timedRound(int k, int round, NmsDistance golden, int[][] ints,
                                   double[][] doubles, long[][] chunks, ExecutorService pool,
                                   long checksum) {
        long start = System.nanoTime();
        long sum = runKernel(k, golden, ints, doubles, chunks, pool);
        long ns = System.nanoTime() - start;
        if (sum != checksum) {
            throw new IllegalStateException(KERNELS[k] + " round " + round + ": checksum " + sum
                    + " != verified " + checksum);
        }
        return ns;
    }

    /** {@code threads} contiguous {from, count} ranges covering {@code [0, pairs)}. */
    static long[][] chunks(long pairs, int threads) {
        long[][] c = new long[threads][];
        for (int t = 0; t < threads; t++) {
            long from = pairs * t / threads;
            c[t] = new long[] {from, pairs * (t + 1) / threads - from};
        }
        return c;
    }

    private static long runKernel(int k, NmsDistance golden, int[][] ints, double[][] doubles,
                                  long[][] chunks, ExecutorService pool) {
        if (pool == null) {
            long sum = 0;
            for (long[] c : chunks) {
                sum += sweep(k, golden, ints, doubles, c[0], c[1]);
            }
            return sum;
        }
        List<Future<Long>> parts = new ArrayList<>();
        for (long[] c : chunks) {
            parts.add(pool.submit(() -> sweep(k, golden, ints, doubles, c[0], c[1])));
        }
        long sum = 0;
        try {
            for (Future<Long> f : parts) {
                sum += f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(KERNELS[k] + " failed: " + e.getCause(), e.getCause());
        }
        return sum;
    }

    private static long sweep(int k, NmsDistance golden, int[][] ints, double[][] doubles,
                              long from, long count) {
        return switch (k) {
            case 0 -> Kernels.sweepGolden(golden, ints, from, count);
            case 1 -> Kernels.sweepDouble(doubles, from, count);
            case 2 -> Kernels.sweepSmile(doubles, from, count);
            default -> throw new IllegalArgumentException("kernel " + k);
        };
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static String table(Result r, String source) {
        StringBuilder sb = new StringBuilder();
        sb.append(fmt("%n%s: %d images, %d pairs, %d thread(s), median of %d rounds%n",
                source, r.images(), r.pairs(), r.threads(), r.rounds()));
        sb.append(fmt("%-20s %14s %14s %10s %12s%n", "kernel", "pairs/s", "pixel MB/s", "ns/pair",
                "golden is"));
        for (int k = 0; k < KERNELS.length; k++) {
            sb.append(fmt("%-20s %14.0f %14.1f %10.1f %12s%n", KERNELS[k], r.pairsPerSecond(k),
                    r.pixelBytesPerSecond(k) / 1e6, 1e9 / r.pairsPerSecond(k),
                    k == 0 ? "-" : fmt("%.2fx", r.ratio(k))));
        }
        sb.append(fmt("ratio golden/double %.2fx (target 3x), golden/smile %.2fx (target 2x)%n",
                r.ratio(1), r.ratio(2)));
        sb.append(fmt("blackhole (sum of all distances, each kernel, each round): %d%n",
                r.checksum()));
        return sb.toString();
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
