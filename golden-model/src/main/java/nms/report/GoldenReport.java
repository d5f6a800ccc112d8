package nms.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import nms.config.NmsConfig;
import nms.data.Images;
import nms.golden.GoldenDesne;
import nms.golden.JointP;
import nms.io.AtomicFiles;
import nms.io.Summary;
import nms.reference.ReferenceAffinities;

/**
 * {@code nms golden}: the integer stages on real images, their vectors, and how far the integer
 * joint P is from the double reference (bhtsne semantics) on the same rows.
 */
public final class GoldenReport {
    private GoldenReport() {
    }

    /** Fidelity of one class. */
    public record ClassFidelity(int label, int rows, double pL1, double pMaxRel, int largeEntries,
                                int referenceOutside, double[] perplexities) {
    }

    /**
     * Runs the golden model, writes the vectors to {@code vectorsDir} and {@code summary.csv} plus
     * {@code report.md} to {@code reportDir}.
     */
    public static Summary run(NmsConfig config, Images images, String dataset, int vectorsPerUnit,
                              Path vectorsDir, Path reportDir, PrintStream progress) throws IOException {
        if (vectorsPerUnit < 1) {
            throw new IllegalArgumentException("--vectors-per-unit must be at least 1, got " + vectorsPerUnit);
        }
        long t0 = System.nanoTime();
        GoldenRun golden = new GoldenRun(config, progress);
        List<GoldenRun.ClassOutcome> classes = golden.runClasses(images);
        int vectors = golden.writeVectors(classes, dataset, vectorsPerUnit, vectorsDir);
        List<ClassFidelity> fidelity = new ArrayList<>();
        for (GoldenRun.ClassOutcome c : classes) {
            fidelity.add(compare(config, c));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Summary s = GoldenRun.baseSummary(config, images, classes);
        double l1 = fidelity.stream().mapToDouble(ClassFidelity::pL1).max().orElse(0);
        double rel = fidelity.stream().mapToDouble(ClassFidelity::pMaxRel).max().orElse(0);
        double[] perp = fidelity.stream().flatMapToDouble(f -> Arrays.stream(f.perplexities()))
                .sorted().toArray();
        s.put("p_l1_error", fmt(l1)).put("p_max_rel_error", fmt(rel))
                .put("rows_outside_tolerance_reference",
                        fidelity.stream().mapToInt(ClassFidelity::referenceOutside).sum())
                .put("perplexity_min", fmt(perp[0]))
                .put("perplexity_median", fmt(perp[perp.length / 2]))
                .put("perplexity_max", fmt(perp[perp.length - 1]))
                .put("vectors", vectors);
        if (config.formats().sketchPattern != null) {
            double[] sk = sketchFidelity(config, classes);
            s.put("sketch_max_abs_error", fmt(sk[0])).put("sketch_dist_rel_error", fmt(sk[1]));
        }
        s.put("seconds", String.format(Locale.ROOT, "%.3f", seconds));
        s.write(reportDir);
        AtomicFiles.writeString(reportDir.resolve("report.md"),
                report(config, dataset, s, classes, fidelity));
        return s;
    }

    /** Compares the configured variant's joint P with the double reference's, class by class. */
    static ClassFidelity compare(NmsConfig config, GoldenRun.ClassOutcome c) {
        GoldenDesne.ClassResult fixed = c.of(config.search());
        int n = c.images().rows();
        long[][] dist = new long[n][n];
        int[][] idx = c.neighbours().index();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < idx[i].length; k++) {
                dist[i][idx[i][k]] = c.neighbours().dist()[i][k];
            }
        }
        ReferenceAffinities ref = new ReferenceAffinities(config.metric(),
                config.perplexity().doubleValue(), config.searchTolerance().doubleValue(),
                config.searchIterations());
        ReferenceAffinities.Dense dense = ref.dense(dist);
        JointP p = fixed.p();
        double total = p.total();
        double l1 = 0;
        double maxRel = 0;
        int large = 0;
        // "Larger entries": above the uniform value 1 / (n (n - 1)).
        double threshold = 1.0 / ((double) n * (n - 1));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double q = p.weight(i, j) / total;
                double r = dense.joint()[i][j];
                l1 += Math.abs(q - r);
                if (r >= threshold) {
                    large++;
                    maxRel = Math.max(maxRel, Math.abs(q - r) / r);
                }
            }
        }
        double[] perplexities = new double[n];
        double scale = Math.scalb(1.0, -config.entropyFracBits());
        for (int i = 0; i < n; i++) {
            perplexities[i] = Math.pow(2, fixed.rows()[i].entropy() * scale);
        }
        return new ClassFidelity(c.label(), n, l1, maxRel, large,
                dense.calibration().rowsOutsideTolerance(), perplexities);
    }

    /**
     * The integer sketch (spec section 11.1) against the double reference map of the same rows:
     * the largest element error in sketch units (at most 1/2: the rounding) and the relative
     * error of the distances of neighbouring rows (i, i + 1) of each class, integer sketch
     * distances against the reference sketches' (the offset cancels in a difference), as
     * {@code sum |d_int - d_ref| / sum d_ref} (a largest ratio would be ruled by near-duplicates).
     */
    static double[] sketchFidelity(NmsConfig config, List<GoldenRun.ClassOutcome> classes) {
        nms.golden.NmsSketch golden = new nms.golden.NmsSketch(config);
        nms.reference.ReferenceSketch ref = new nms.reference.ReferenceSketch(config);
        boolean l2 = config.metric() == nms.config.Metric.L2;
        double maxAbs = 0;
        double errSum = 0;
        double refSum = 0;
        for (GoldenRun.ClassOutcome c : classes) {
            int[][] px = c.images().pixels();
            long[] prev = null;
            double[] prevRef = null;
            for (int[] row : px) {
                long[] g = golden.sketch(row);
                double[] y = ref.project(row);
                for (int k = 0; k < g.length; k++) {
                    maxAbs = Math.max(maxAbs, Math.abs(g[k] - (y[k] + ref.offset(k))));
                }
                if (prev != null) {
                    double dg = 0;
                    double dr = 0;
                    for (int k = 0; k < g.length; k++) {
                        double a = g[k] - prev[k];
                        double b = y[k] - prevRef[k];
                        dg += l2 ? a * a : Math.abs(a);
                        dr += l2 ? b * b : Math.abs(b);
                    }
                    errSum += Math.abs(dg - dr);
                    refSum += dr;
                }
                prev = g;
                prevRef = y;
            }
        }
        return new double[] {maxAbs, refSum > 0 ? errSum / refSum : 0};
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String report(NmsConfig config, String dataset, Summary s, List<GoldenRun.ClassOutcome> classes,
                         List<ClassFidelity> fidelity) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Golden model fidelity report\n\n");
        sb.append("- dataset: ").append(dataset).append('\n');
        sb.append("- config hash: ").append(config.hash()).append(", search: ")
                .append(config.search().name().toLowerCase(Locale.ROOT)).append(", perplexity ")
                .append(config.perplexity()).append('\n');
        sb.append("- images: ").append(s.get("images")).append(", vectors written: ")
                .append(s.get("vectors")).append('\n');
        sb.append("- rows outside tolerance: plain ").append(s.get("rows_outside_tolerance_plain"))
                .append(", robust ").append(s.get("rows_outside_tolerance_robust"))
                .append(", double reference ").append(s.get("rows_outside_tolerance_reference"))
                .append("\n\n");
        sb.append("P error is between the integer joint P (configured search variant) and the double "
                + "bhtsne-style joint P of the same rows, both normalised to sum 1 per class. "
                + "Relative error is over entries above the uniform value 1/(n(n-1)).\n\n");
        sb.append("| class | rows | P L1 error | max rel. error (large entries) | large entries | "
                + "outside tol. plain | outside tol. robust | perplexity min | median | max |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (int k = 0; k < classes.size(); k++) {
            GoldenRun.ClassOutcome c = classes.get(k);
            ClassFidelity f = fidelity.get(k);
            double[] p = f.perplexities().clone();
            Arrays.sort(p);
            // A chunked class (spec 10.5) has a row per chunk: "3.1" is class 3's chunk 1.
            boolean chunked = c.chunk() > 0 || (k + 1 < classes.size() && classes.get(k + 1).label() == c.label()
                    && classes.get(k + 1).chunk() > 0);
            String name = chunked ? c.label() + "." + c.chunk() : Integer.toString(c.label());
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.3e | %.3e | %d | %d | %d | %.4f | %.4f | %.4f |%n",
                    name, f.rows(), f.pL1(), f.pMaxRel(), f.largeEntries(),
                    c.plain().outsideTolerance(), c.robust().outsideTolerance(), p[0],
                    p[p.length / 2], p[p.length - 1]));
        }
        sb.append("\nWorst class: P L1 error ").append(s.get("p_l1_error"))
                .append(", max relative error ").append(s.get("p_max_rel_error")).append(".\n");
        if (s.get("sketch_max_abs_error") != null) {
            sb.append("\nSketch (").append(config.sketch().name().toLowerCase(Locale.ROOT))
                    .append(", spec section 11.1) against the double reference map: largest element"
                            + " error ").append(s.get("sketch_max_abs_error"))
                    .append(" (sketch units; the rounding bound is 0.5); relative error of the"
                            + " sketch distances of neighbouring rows (sum |d - d_ref| / sum d_ref) ")
                    .append(s.get("sketch_dist_rel_error")).append(".\n");
        }
        return sb.toString();
    }
}
