package nms.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nms.config.NmsConfig;
import nms.config.SearchVariant;
import nms.data.Images;
import nms.golden.GoldenDesne;
import nms.io.Summary;
import nms.vectors.GoldenVectors;
import nms.vectors.VectorFile;

/**
 * {@code nms golden}: runs the integer stages per class with both search variants, writes the
 * vectors of the configured variant, compares P with the double reference, and reports.
 */
public final class GoldenRun {
    private final NmsConfig config;
    private final PrintStream progress;

    public GoldenRun(NmsConfig config, PrintStream progress) {
        this.config = config;
        this.progress = progress;
    }

    /**
     * Per class, or per chunk of a class larger than {@code max_rows_per_class} (spec 10.5, as the
     * engine runs it; {@code chunk} counts from 0 within the class): the integer result of each
     * variant.
     */
    public record ClassOutcome(int label, int chunk, Images images, GoldenDesne.Neighbours neighbours,
                               GoldenDesne.ClassResult plain, GoldenDesne.ClassResult robust) {
        public GoldenDesne.ClassResult of(SearchVariant v) {
            return v == SearchVariant.PLAIN ? plain : robust;
        }
    }

    public List<ClassOutcome> runClasses(Images images) {
        GoldenDesne desne = new GoldenDesne(config);
        List<ClassOutcome> out = new ArrayList<>();
        for (int label : images.classes()) {
            Images whole = images.ofClass(label);
            if (whole.rows() < 2) {
                throw new nms.data.DatasetException(images.source() + ": class " + label + " has 1 row; a class"
                        + " needs at least 2 (a row's neighbours are the other rows of its class)");
            }
            List<Images> chunks = desne.chunks(whole);
            for (int k = 0; k < chunks.size(); k++) {
                long t0 = System.nanoTime();
                Images cls = chunks.get(k);
                String what = chunks.size() == 1 ? "class " + label
                        : "class " + label + " chunk " + k + " of " + chunks.size();
                // A row's perplexity is at most its neighbour count, N - 1: warn rather than refuse,
                // since the vectors still test the hardware bit for bit.
                if (config.perplexity().compareTo(java.math.BigDecimal.valueOf(cls.rows() - 1)) > 0) {
                    progress.printf("golden: warning: %s of %s has %d rows, so perplexity %s cannot be reached"
                            + " (at most %d = rows - 1): every row of it ends outside tolerance; lower --set"
                            + " perplexity or give the class more rows%n", what, images.source(), cls.rows(),
                            config.perplexity().toPlainString(), cls.rows() - 1);
                }
                GoldenDesne.Neighbours nb = desne.dense(cls);
                GoldenDesne.ClassResult plain = desne.run(nb, SearchVariant.PLAIN);
                GoldenDesne.ClassResult robust = desne.run(nb, SearchVariant.ROBUST);
                out.add(new ClassOutcome(label, k, cls, nb, plain, robust));
                progress.printf("golden: %s, %d rows, outside tolerance plain %d robust %d, %.2f s%n",
                        what, cls.rows(), plain.outsideTolerance(), robust.outsideTolerance(),
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        return out;
    }

    /** Writes {@code dir/<unit>.csv}; returns the number of transactions. */
    public int writeVectors(List<ClassOutcome> classes, String dataset, int maxPerUnit, Path dir)
            throws IOException {
        List<GoldenVectors.ClassRun> runs = new ArrayList<>();
        for (ClassOutcome c : classes) {
            runs.add(new GoldenVectors.ClassRun(c.images(), c.neighbours(),
                    c.of(config.search()).rows()));
        }
        int total = 0;
        for (VectorFile v : new GoldenVectors(config, dataset, maxPerUnit).build(runs)) {
            v.write(dir);
            total += v.size();
        }
        return total;
    }

    public static Summary baseSummary(NmsConfig config, Images images, List<ClassOutcome> classes) {
        int plain = 0;
        int robust = 0;
        for (ClassOutcome c : classes) {
            plain += c.plain().outsideTolerance();
            robust += c.robust().outsideTolerance();
        }
        return new Summary().put("images", images.rows()).put("classes", classes.stream().mapToInt(ClassOutcome::label).distinct().count())
                .put("rows_outside_tolerance_plain", plain)
                .put("rows_outside_tolerance_robust", robust)
                .put("config_hash", config.hash());
    }
}
