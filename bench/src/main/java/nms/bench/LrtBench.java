package nms.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import nms.io.Summary;
import nms.lrt.StreamingKroneckerSum;
import nms.train.OnlineExperiment;

/**
 * The LRT accumulator's update against keeping a dense gradient accumulator, side by side in one
 * run, for every weight layer of {@code ./nms train}'s network: per gradient pair (one per
 * sample for a dense layer, one per output pixel for a convolution), the rank-r streaming
 * Kronecker sum ({@link StreamingKroneckerSum#add}, unbiased, kappa 100, 16-bit bases) against
 * {@code G += u v^T} on an n x m array of doubles; and the auxiliary memory of each in words.
 *
 * <p>Both kernels see the same pairs (seeded; u non-negative with about half zeros, as after a
 * ReLU, v Gaussian). Rounds are interleaved (sks, dense, sks, ...) after a warm-up, the median
 * round is reported, and every round's checksum must equal the kernel's first one, so the JIT
 * cannot drop work.
 */
final class LrtBench {
    static final String USAGE = """
            usage: java -jar bench/target/nms-bench.jar --lrt [options]
              --pairs P     gradient pairs per layer and round (default 1000)
              --rank R      LRT rank (default 4)
              --rounds N    measured rounds per kernel, interleaved; the median is reported (default 5)
              --warmup W    warm-up rounds per kernel, discarded; at least 0.5 s each (default 2)
              --out DIR     also write DIR/summary.csv (metric,value)
              --help        this text""";

    static final long WARMUP_NANOS = 500_000_000L;

    record Options(int pairs, int rank, int rounds, int warmup, long warmupNanos, Path out) {
        static Options parse(String[] args) {
            int pairs = 1000;
            int rank = 4;
            int rounds = 5;
            int warmup = 2;
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--lrt")) {
                    continue;
                }
                if (a.equals("--help") || a.equals("-h")) {
                    throw new BenchMain.UsageException(null);
                }
                if (i + 1 >= args.length) {
                    throw new BenchMain.UsageException(a.startsWith("--") ? a + " needs a value"
                            : "unknown argument '" + a + "'");
                }
                String v = args[++i];
                switch (a) {
                    case "--pairs" -> pairs = BenchMain.Options.intIn(a, v, 1, 1_000_000);
                    case "--rank" -> rank = BenchMain.Options.intIn(a, v, 1, 16);
                    case "--rounds" -> rounds = BenchMain.Options.intIn(a, v, 1, 1000);
                    case "--warmup" -> warmup = BenchMain.Options.intIn(a, v, 0, 1000);
                    case "--out" -> out = Path.of(v);
                    default -> throw new BenchMain.UsageException("unknown option '" + a + "' (with --lrt)");
                }
            }
            return new Options(pairs, rank, rounds, warmup, WARMUP_NANOS, out);
        }
    }

    /** One layer: median ns per pair of each kernel and the memory of each. */
    record Row(String layer, int n, int m, int pairsPerSample, double sksNs, double denseNs, long sksWords,
               long denseWords) {
    }

    static List<Row> run(Options o, PrintStream out) throws IOException {
        OnlineExperiment e = new OnlineExperiment(OnlineExperiment.Settings.defaults());
        out.printf(Locale.ROOT, "nms-bench --lrt: rank %d, %d pairs per layer and round, %d rounds; %s %s, %d cpus%n",
                o.rank(), o.pairs(), o.rounds(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, int[]> l : e.layerShapes().entrySet()) {
            int n = l.getValue()[0];
            int m = l.getValue()[1];
            rows.add(measure(l.getKey(), n, m, l.getValue()[2], o));
        }
        out.print(table(rows, o));
        if (o.out() != null) {
            summary(rows).write(o.out());
            // Under ./nms bench --out the folder is a partial one that the cli moves into place and announces.
            if (!Boolean.getBoolean("nms.bench.staged")) {
                out.println("wrote " + o.out().resolve("summary.csv"));
            }
        }
        return rows;
    }

    static Row measure(String layer, int n, int m, int pixels, Options o) {
        SplittableRandom rnd = new SplittableRandom(n * 1_000_003L + m);
        double[][] us = new double[o.pairs()][n];
        double[][] vs = new double[o.pairs()][m];
        for (int p = 0; p < o.pairs(); p++) {
            for (int i = 0; i < n; i++) {
                us[p][i] = rnd.nextBoolean() ? rnd.nextDouble() : 0;
            }
            for (int j = 0; j < m; j++) {
                vs[p][j] = rnd.nextGaussian() * 0.01;
            }
        }
        java.util.function.Supplier<StreamingKroneckerSum> sks = () -> new StreamingKroneckerSum(n, m, o.rank(),
                StreamingKroneckerSum.Variant.UNBIASED, 100, 16, 1);
        double[] dense = new double[n * m];
        double[] checks = {Double.NaN, Double.NaN};
        long[] warm = new long[2];
        for (int round = 0; round < 100_000 && (round < o.warmup()
                || Math.min(warm[0], warm[1]) < o.warmupNanos()); round++) {
            warm[0] += timed(0, sks, dense, us, vs, checks, layer);
            warm[1] += timed(1, sks, dense, us, vs, checks, layer);
        }
        double[][] ns = new double[2][o.rounds()];
        for (int round = 0; round < o.rounds(); round++) {
            ns[0][round] = timed(0, sks, dense, us, vs, checks, layer) / (double) o.pairs();
            ns[1][round] = timed(1, sks, dense, us, vs, checks, layer) / (double) o.pairs();
        }
        return new Row(layer, n, m, pixels, BenchMain.median(ns[0]), BenchMain.median(ns[1]), sks.get().memoryWords(),
                (long) n * m);
    }

    /**
     * One round of kernel k from a fresh state (a new accumulator, so the sign stream restarts too),
     * in ns; its checksum must equal the first round's.
     */
    private static long timed(int k, java.util.function.Supplier<StreamingKroneckerSum> fresh, double[] dense, double[][] us, double[][] vs,
                              double[] checks, String layer) {
        StreamingKroneckerSum sks = k == 0 ? fresh.get() : null;
        if (k == 1) {
            Arrays.fill(dense, 0);
        }
        long start = System.nanoTime();
        double check;
        if (k == 0) {
            for (int p = 0; p < us.length; p++) {
                sks.add(us[p], vs[p]);
            }
            check = Arrays.stream(sks.weights()).sum();
        } else {
            int m = vs[0].length;
            for (int p = 0; p < us.length; p++) {
                double[] u = us[p];
                double[] v = vs[p];
                for (int i = 0; i < u.length; i++) {
                    double a = u[i];
                    int row = i * m;
                    for (int j = 0; j < m; j++) {
                        dense[row + j] += a * v[j];
                    }
                }
            }
            check = Arrays.stream(dense).sum();
        }
        long elapsed = System.nanoTime() - start;
        if (Double.isNaN(checks[k])) {
            checks[k] = check;
        } else if (Double.doubleToLongBits(check) != Double.doubleToLongBits(checks[k])) {
            throw new IllegalStateException(layer + (k == 0 ? " sks" : " dense") + ": checksum " + check
                    + " != first round's " + checks[k]);
        }
        return elapsed;
    }

    static String table(List<Row> rows, Options o) {
        StringBuilder sb = new StringBuilder();
        sb.append(fmt("%n%-6s %9s %7s %12s %12s %9s %12s %12s %9s %9s %8s%n", "layer", "n x m", "pairs", "sks ns/pair",
                "dense ns", "sks is", "sks us/img", "dense us/img", "sks words", "dense w", "mem"));
        double sksSample = 0;
        double denseSample = 0;
        long sksWords = 0;
        long denseWords = 0;
        for (Row r : rows) {
            double s = r.sksNs() * r.pairsPerSample() / 1e3;
            double d = r.denseNs() * r.pairsPerSample() / 1e3;
            sksSample += s;
            denseSample += d;
            sksWords += r.sksWords();
            denseWords += r.denseWords();
            sb.append(fmt("%-6s %9s %7d %12.0f %12.0f %8.2fx %12.1f %12.1f %9d %9d %7.1fx%n", r.layer(),
                    r.n() + "x" + r.m(), r.pairsPerSample(), r.sksNs(), r.denseNs(), r.sksNs() / r.denseNs(), s, d,
                    r.sksWords(), r.denseWords(), (double) r.denseWords() / r.sksWords()));
        }
        sb.append(fmt("%-6s %9s %7s %12s %12s %8.2fx %12.1f %12.1f %9d %9d %7.1fx%n", "all", "", "", "", "",
                sksSample / denseSample, sksSample, denseSample, sksWords, denseWords, (double) denseWords / sksWords));
        sb.append(fmt("per image: LRT accumulator %.2fx the time of a dense gradient accumulator, %.1fx less "
                + "auxiliary memory (rank %d; sks time excludes the weight write, dense excludes nothing)%n",
                sksSample / denseSample, (double) denseWords / sksWords, o.rank()));
        return sb.toString();
    }

    static Summary summary(List<Row> rows) {
        Summary s = new Summary();
        double sks = 0;
        double dense = 0;
        long sw = 0;
        long dw = 0;
        for (Row r : rows) {
            s.put("sks_ns_per_pair_" + r.layer(), fmt("%.1f", r.sksNs()));
            s.put("dense_ns_per_pair_" + r.layer(), fmt("%.1f", r.denseNs()));
            s.put("aux_memory_words_sks_" + r.layer(), r.sksWords());
            s.put("aux_memory_words_dense_" + r.layer(), r.denseWords());
            sks += r.sksNs() * r.pairsPerSample();
            dense += r.denseNs() * r.pairsPerSample();
            sw += r.sksWords();
            dw += r.denseWords();
        }
        s.put("sks_us_per_sample", fmt("%.2f", sks / 1e3));
        s.put("dense_us_per_sample", fmt("%.2f", dense / 1e3));
        s.put("time_ratio_sks_vs_dense", fmt("%.3f", sks / dense));
        s.put("aux_memory_words_sks", sw);
        s.put("aux_memory_words_dense", dw);
        s.put("memory_ratio_dense_vs_sks", fmt("%.2f", (double) dw / sw));
        return s;
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
