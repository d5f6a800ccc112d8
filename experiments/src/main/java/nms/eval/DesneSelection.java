package nms.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import nms.config.NmsConfig;
import nms.data.Images;
import nms.desne.ClassStats;
import nms.desne.DesneOptions;
import nms.desne.FixedDesneEmbedder;
import nms.io.AtomicFiles;
import nms.report.Budget;

/**
 * What {@code ./nms select} does: the bit-accurate DE-SNE ({@link FixedDesneEmbedder}, the
 * integer path the hardware runs) on every class of a pool, an exemplar rule on each class's 2-D
 * embedding, and the files that say what was chosen.
 *
 * <p>The choice is the one {@link Evaluation} scores for an evaluation seed equal to the config's
 * seed: the embedding seed is the config seed, each class's rule seed is derived from it and the
 * label, and the per-class counts are {@link Budget#perClass}. Class-agnostic mode embeds the whole
 * pool as one class (labels are carried, not used), for unlabelled data.
 *
 * <p>Outputs: {@code selected.csv} ({@code index,label,x,y}: the row's index in the dataset file,
 * its label, its embedding coordinates), {@code embedding_class<L>.png} and {@code .svg} per class
 * ({@code embedding_all.*} when class-agnostic), {@code report.md} and {@code summary.csv}. Every
 * file is byte-identical for the same input and config except the two measured rows of
 * {@code summary.csv}, {@code seconds} and {@code peak_heap_mb}, which are its last two rows.
 */
public final class DesneSelection {

    /** Label written for the one group of class-agnostic mode, in file names as {@code all}. */
    public static final int ALL_CLASSES = -1;

    /**
     * @param budget        fraction of the pool to select, in (0, 1]
     * @param rule          exemplar rule: {@code kmeans} or {@code grid}
     * @param classAgnostic one embedding of the whole pool instead of one per class
     * @param options       embedding iterations and the dense/sparse threshold
     */
    public record Settings(double budget, String rule, boolean classAgnostic, DesneOptions options) {
        public Settings {
            Budget.name(budget); // validates the fraction
            exemplarRule(rule);
            Objects.requireNonNull(options, "options");
        }
    }

    /**
     * One embedded group (a class, or the whole pool when class-agnostic).
     *
     * @param rows     the group's rows of the pool, in pool order
     * @param selected indices into {@code rows}, ascending
     * @param points   the embedding, {@code points[i]} for row {@code i}
     */
    public record Group(int label, Images rows, int[] selected, double[][] points, ClassStats stats) {
    }

    public record Result(List<Group> groups, int images, int selected) {
    }

    private DesneSelection() {
    }

    /** The rule by its command-line name. */
    public static ExemplarRule exemplarRule(String name) {
        return switch (name) {
            case "kmeans" -> new KMeansExemplars();
            case "grid" -> new GridExemplars();
            case "sampler" -> new SamplerExemplars(); // nms_sampler's integer rule
            default -> throw new IllegalArgumentException("--rule must be kmeans, grid or sampler, got '" + name + "'");
        };
    }

    /** Selects from {@code pool} and writes the outputs into {@code dir}; progress lines go to {@code progress}. */
    public static Result run(NmsConfig config, Images pool, Settings settings, Path dir, PrintStream progress)
            throws IOException {
        long started = System.nanoTime();
        int[] labels = settings.classAgnostic() ? new int[] {ALL_CLASSES} : pool.classes();
        int[] sizes = new int[labels.length];
        Images[] groups = new Images[labels.length];
        for (int k = 0; k < labels.length; k++) {
            groups[k] = settings.classAgnostic() ? pool : pool.ofClass(labels[k]);
            sizes[k] = groups[k].rows();
            if (sizes[k] > config.maxRowsPerClass()) {
                throw new IllegalArgumentException(pool.source() + ": " + name(labels[k]) + " has " + sizes[k]
                        + " rows, more than max_rows_per_class = " + config.maxRowsPerClass()
                        + "; run with --set max_rows_per_class=" + Integer.highestOneBit(sizes[k]) * 2);
            }
        }
        int[] perGroup = Budget.perClass(sizes, settings.budget());
        FixedDesneEmbedder embedder = new FixedDesneEmbedder(config, settings.options());
        // The embedding seed is the config seed for every class, as in the evaluation's cache.
        EmbeddingSelector selector = new EmbeddingSelector(
                new CachedEmbedder(embedder, config.seed()), exemplarRule(settings.rule()));
        List<Group> result = new ArrayList<>();
        for (int k = 0; k < labels.length; k++) {
            long t = System.nanoTime();
            EmbeddingSelector.Embedded e = selector.selectWithEmbedding(groups[k], perGroup[k],
                    Selections.derive(config.seed(), labels[k]));
            ClassStats stats = embedder.lastStats();
            result.add(new Group(labels[k], groups[k], e.selected(), e.embedding(), stats));
            progress.printf(Locale.ROOT, "select: %s: %d rows -> %d exemplars, %d rows outside tolerance, %.1f s%n",
                    name(labels[k]), sizes[k], perGroup[k], stats.rowsOutsideTolerance(),
                    (System.nanoTime() - t) / 1e9);
        }
        int selected = java.util.Arrays.stream(perGroup).sum();
        for (Group g : result) {
            String file = "embedding_" + (g.label() == ALL_CLASSES ? "all" : "class" + g.label());
            String title = name(g.label()) + ": " + g.selected().length + " exemplars of " + g.rows().rows()
                    + " (" + settings.rule() + ", " + Evaluation.percent(settings.budget()) + ")";
            Plots.embedding(g.points(), g.selected(), title, dir.resolve(file + ".png"));
            Plots.embeddingSvg(g.points(), g.selected(), title, dir.resolve(file + ".svg"));
        }
        AtomicFiles.writeString(dir.resolve("selected.csv"), selectedCsv(result));
        AtomicFiles.writeString(dir.resolve("report.md"), report(config, pool, settings, result, selected));
        double seconds = (System.nanoTime() - started) / 1e9;
        AtomicFiles.writeString(dir.resolve("summary.csv"),
                summary(config, pool, result, selected, seconds, peakHeapMegabytes()));
        return new Result(List.copyOf(result), pool.rows(), selected);
    }

    static String selectedCsv(List<Group> groups) {
        StringBuilder csv = new StringBuilder("index,label,x,y\n");
        for (Group g : groups) {
            for (int i : g.selected()) {
                csv.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f%n", g.rows().sourceIndex()[i],
                        g.rows().labels()[i], g.points()[i][0], g.points()[i][1]));
            }
        }
        return csv.toString();
    }

    static String summary(NmsConfig config, Images pool, List<Group> groups, int selected, double seconds,
                          double peakHeapMb) {
        StringBuilder csv = new StringBuilder("metric,value\n");
        csv.append("images,").append(pool.rows()).append('\n');
        csv.append("classes,").append(pool.classes().length).append('\n');
        csv.append("selected,").append(selected).append('\n');
        for (Group g : groups) {
            String suffix = g.label() == ALL_CLASSES ? "all" : "class" + g.label();
            csv.append("rows_").append(suffix).append(',').append(g.rows().rows()).append('\n');
            csv.append("selected_").append(suffix).append(',').append(g.selected().length).append('\n');
            csv.append("perplexity_").append(suffix).append(',').append(g.stats().perplexity().toPlainString())
                    .append('\n');
        }
        csv.append("rows_outside_tolerance,")
                .append(groups.stream().mapToInt(g -> g.stats().rowsOutsideTolerance()).sum()).append('\n');
        csv.append("config_hash,").append(config.hash()).append('\n');
        // Measured, so these two differ from run to run; they stay last.
        csv.append(String.format(Locale.ROOT, "seconds,%.3f%npeak_heap_mb,%.1f%n", seconds, peakHeapMb));
        return csv.toString();
    }

    static String report(NmsConfig config, Images pool, Settings settings, List<Group> groups, int selected) {
        StringBuilder md = new StringBuilder("# DE-SNE selection\n\n");
        md.append(String.format(Locale.ROOT, "- Dataset: `%s`, %d images, %d classes, %d pixels of %d bits.%n",
                pool.source(), pool.rows(), pool.classes().length, pool.dims(), pool.pixelWidth()));
        md.append(String.format(Locale.ROOT, "- Config `%s`: perplexity %s, %s beta search, %d embedding "
                + "iterations; the bit-accurate integer path (distances, calibration, joint P, t-SNE) the "
                + "hardware runs.%n", config.hash(), settings.options().adaptivePerplexity()
                        ? "adaptive (the most uniform embedding of " + settings.options().perplexityCandidates().stream()
                                .map(java.math.BigDecimal::toPlainString).toList() + ")"
                        : config.perplexity().toPlainString(),
                config.search().name().toLowerCase(Locale.ROOT), settings.options().iterations()));
        md.append(String.format(Locale.ROOT, "- Budget %s of the pool: %d images, %s; exemplars by the %s "
                + "rule on each 2-D embedding.%n%n", Evaluation.percent(settings.budget()), selected,
                settings.classAgnostic() ? "class-agnostic (one embedding of every row)"
                        : "class-balanced (shares proportional to class size, at least one per class)",
                settings.rule()));
        md.append("| group | rows | selected | perplexity | P | rows outside tolerance | picture |\n"
                + "|---|---:|---:|---:|---|---:|---|\n");
        for (Group g : groups) {
            String file = "embedding_" + (g.label() == ALL_CLASSES ? "all" : "class" + g.label());
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s (%d neighbours) | %d | [png](%s.png) [svg](%s.svg) |%n",
                    name(g.label()), g.rows().rows(), g.selected().length, g.stats().perplexity().toPlainString(),
                    g.stats().dense() ? "dense" : "sparse",
                    g.stats().neighbours(), g.stats().rowsOutsideTolerance(), file, file));
        }
        md.append("\n`selected.csv` lists the chosen rows (`index` = row in the dataset file, `label`, `x,y` = "
                + "embedding coordinates), by class then index. Run time and peak heap are the last two rows of "
                + "`summary.csv`, the only values that change between identical runs.\n");
        return md.toString();
    }

    private static String name(int label) {
        return label == ALL_CLASSES ? "all classes" : "class " + label;
    }

    /** Sum over the heap pools of their peak use since the JVM started. */
    static double peakHeapMegabytes() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / (1024.0 * 1024.0);
    }
}
