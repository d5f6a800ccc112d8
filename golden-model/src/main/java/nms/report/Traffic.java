package nms.report;

import java.util.Arrays;
import java.util.Locale;
import nms.io.Summary;

/**
 * Off-chip traffic and DDR energy of training with and without near-memory selection, from the
 * byte counts {@code nms_engine}'s Verilator run measured.
 *
 * <ul>
 *   <li>Baseline: the host reads every pool image over the off-chip link once per epoch:
 *       {@code E * P * image_bytes}.
 *   <li>NMS: the engine reads the class's images near memory ({@code dram_bytes_near_memory},
 *       measured; each image once, spec 10.3), sends its host stream ({@code host_bytes},
 *       measured), the host fetches the selected images once, then trains on them for E epochs:
 *       off-chip {@code host_bytes + (1 + E) * S * image_bytes}. The extra pass over the subset
 *       is counted on purpose (gathering it into a training buffer); it makes the reduction a
 *       lower bound.
 * </ul>
 *
 * <p>S is the budget as {@link Budget#perClass} apportions it over the classes the engine ran.
 * Energy multiplies bits by an energy per bit: off-chip for everything crossing the link,
 * near-memory for the engine's reads. Both are parameters; the defaults and their sources are
 * {@link #DEFAULT_OFFCHIP_PJ_PER_BIT} and {@link #DEFAULT_NEAR_MEMORY_PJ_PER_BIT}.
 */
public final class Traffic {
    /**
     * Off-chip DRAM access, pJ per bit: the low end of the 1.3-2.6 nJ per 64-bit DRAM access in
     * M. Horowitz, "Computing's energy problem (and what we can do about it)", ISSCC 2014
     * (20-41 pJ/bit). The low end is the conservative choice for the saving.
     */
    public static final double DEFAULT_OFFCHIP_PJ_PER_BIT = 20.0;
    /**
     * Near-memory DRAM access, pJ per bit: about the energy of a whole HBM2 access including its
     * short in-package I/O, as reported by M. O'Connor et al., "Fine-Grained DRAM:
     * Energy-Efficient DRAM for Extreme Bandwidth Systems", MICRO 2017; it stands for a DRAM read
     * that never crosses the PCB. A rounded stand-in: set the value of the target memory.
     */
    public static final double DEFAULT_NEAR_MEMORY_PJ_PER_BIT = 4.0;

    public static final String OFFCHIP_SOURCE = "Horowitz, \"Computing's energy problem (and what"
            + " we can do about it)\", ISSCC 2014: DRAM 1.3-2.6 nJ per 64-bit access = 20-41 pJ/bit;"
            + " the low end";
    public static final String NEAR_MEMORY_SOURCE = "O'Connor et al., \"Fine-Grained DRAM:"
            + " Energy-Efficient DRAM for Extreme Bandwidth Systems\", MICRO 2017: an HBM2 access"
            + " (short in-package I/O, no PCB link) at roughly 4 pJ/bit; a rounded stand-in";

    private Traffic() {
    }

    /** What the model needs; the byte counts are the measured ones. */
    public record Inputs(int[] classSizes, long imageBytes, long nearMemoryBytes, long hostStreamBytes,
                         double budget, int epochs, double offchipPjPerBit, double nearMemoryPjPerBit) {
        public Inputs {
            if (classSizes.length == 0 || Arrays.stream(classSizes).anyMatch(s -> s < 1)) {
                throw new IllegalArgumentException("traffic needs at least one non-empty class");
            }
            if (!(budget > 0 && budget <= 1)) {
                throw new IllegalArgumentException("budget must be in (0, 1], got " + budget);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            if (!(offchipPjPerBit >= 0) || !(nearMemoryPjPerBit >= 0)) {
                throw new IllegalArgumentException("energies per bit must be >= 0");
            }
            if (imageBytes < 1 || nearMemoryBytes < 0 || hostStreamBytes < 0) {
                throw new IllegalArgumentException("byte counts must be >= 0 (image bytes >= 1)");
            }
            classSizes = classSizes.clone();
        }
    }

    /** The comparison. Energies in joules. */
    public record Result(Inputs in, long poolImages, long selectedImages, long hostBytesBaseline,
                         long hostBytesNms, double trafficReduction, double ddrEnergyBaselineJ,
                         double ddrEnergyNmsJ, double nearMemoryEnergyJ,
                         double breakEvenNearMemoryPjPerBit) {
    }

    public static Result compute(Inputs in) {
        long pool = Arrays.stream(in.classSizes()).asLongStream().sum();
        long selected = Arrays.stream(Budget.perClass(in.classSizes(), in.budget())).asLongStream().sum();
        long baseline = (long) in.epochs() * pool * in.imageBytes();
        long nms = in.hostStreamBytes() + (1L + in.epochs()) * selected * in.imageBytes();
        double off = in.offchipPjPerBit() * 1e-12 * 8;
        double near = in.nearMemoryPjPerBit() * 1e-12 * 8;
        double eBase = baseline * off;
        double eNear = in.nearMemoryBytes() * near;
        double eNms = nms * off + eNear;
        // The near-memory energy per bit at which NMS and the baseline cost the same.
        double breakEven = in.nearMemoryBytes() == 0 ? Double.POSITIVE_INFINITY
                : (baseline - nms) * in.offchipPjPerBit() / in.nearMemoryBytes();
        return new Result(in, pool, selected, baseline, nms, (double) baseline / nms, eBase, eNms,
                eNear, breakEven);
    }

    /** Classes and rows per class of the full Fashion-MNIST training pool (60 000 images). */
    public static final int POOL_60K_CLASSES = 10;
    public static final int POOL_60K_ROWS_PER_CLASS = 6000;

    /** The class images' bytes, each image once: {@code pool * image_bytes}. */
    public static long poolBytes(Result r) {
        return r.poolImages() * r.in().imageBytes();
    }

    /** Near-memory bytes over pool bytes: 1 when the engine reads every image exactly once. */
    public static double readFactor(Result r) {
        return (double) r.in().nearMemoryBytes() / poolBytes(r);
    }

    /**
     * The model extrapolated to {@code classes} classes of {@code perClass} rows from the measured
     * per-image counts: near-memory bytes {@code read_factor * pool_bytes}, host stream bytes in
     * proportion to the pool, the same budget, epochs and energies (spec 10.6).
     */
    public static Result extrapolate(Result r, int classes, int perClass) {
        int[] sizes = new int[classes];
        Arrays.fill(sizes, perClass);
        long pool = (long) classes * perClass;
        long near = Math.round(readFactor(r) * pool * r.in().imageBytes());
        long host = Math.round((double) r.in().hostStreamBytes() * pool / r.poolImages());
        return compute(new Inputs(sizes, r.in().imageBytes(), near, host, r.in().budget(),
                r.in().epochs(), r.in().offchipPjPerBit(), r.in().nearMemoryPjPerBit()));
    }

    /** The summary rows (names as the flow's summary.csv has them). */
    public static Summary summary(Result r) {
        Result full = extrapolate(r, POOL_60K_CLASSES, POOL_60K_ROWS_PER_CLASS);
        return new Summary()
                .put("pool_bytes", poolBytes(r))
                .put("near_memory_read_factor", String.format(Locale.ROOT, "%.3f", readFactor(r)))
                .put("modelled_pool_images_60k", full.poolImages())
                .put("modelled_ddr_energy_ratio_60k",
                        String.format(Locale.ROOT, "%.3f", full.ddrEnergyNmsJ() / full.ddrEnergyBaselineJ()))
                .put("traffic_reduction", String.format(Locale.ROOT, "%.3f", r.trafficReduction()))
                .put("host_bytes_baseline", r.hostBytesBaseline())
                .put("host_bytes_nms", r.hostBytesNms())
                .put("ddr_energy_baseline_j", sci(r.ddrEnergyBaselineJ()))
                .put("ddr_energy_nms_j", sci(r.ddrEnergyNmsJ()))
                .put("ddr_energy_ratio_nms_to_baseline",
                        String.format(Locale.ROOT, "%.3f", r.ddrEnergyNmsJ() / r.ddrEnergyBaselineJ()))
                .put("near_memory_break_even_pj_per_bit",
                        String.format(Locale.ROOT, "%.3f", r.breakEvenNearMemoryPjPerBit()))
                .put("traffic_budget", fmt(r.in().budget()))
                .put("traffic_epochs", r.in().epochs())
                .put("traffic_selected_images", r.selectedImages())
                .put("offchip_pj_per_bit", fmt(r.in().offchipPjPerBit()))
                .put("near_memory_pj_per_bit", fmt(r.in().nearMemoryPjPerBit()));
    }

    /** A report section in Markdown. */
    public static String markdown(Result r) {
        Inputs in = r.in();
        StringBuilder sb = new StringBuilder();
        sb.append("## Off-chip traffic and DDR energy\n\n");
        sb.append("From the byte counts `nms_engine`'s Verilator run measured (its DRAM model counts"
                + " every beat it serves, the bench every host record) over the ")
                .append(in.classSizes().length).append(" classes it ran (").append(r.poolImages())
                .append(" images, ").append(in.imageBytes()).append(" bytes each as stored), budget ")
                .append(fmt(100 * in.budget())).append("% (").append(r.selectedImages())
                .append(" images), ").append(in.epochs()).append(" epochs.\n\n");
        sb.append("| | baseline | NMS |\n|---|---|---|\n");
        sb.append("| off-chip (host link) bytes | ").append(r.hostBytesBaseline()).append(" | ")
                .append(r.hostBytesNms()).append(" |\n");
        sb.append("| near-memory bytes | 0 | ").append(in.nearMemoryBytes()).append(" |\n");
        sb.append("| DDR energy | ").append(sci(r.ddrEnergyBaselineJ())).append(" J | ")
                .append(sci(r.ddrEnergyNmsJ())).append(" J (near memory ")
                .append(sci(r.nearMemoryEnergyJ())).append(" J) |\n\n");
        sb.append("- Baseline: every pool image over the off-chip link once per epoch.\n");
        sb.append("- NMS: the engine reads each image of a class near memory once (read factor ")
                .append(String.format(Locale.ROOT, "%.3f", readFactor(r)))
                .append("), sends ").append(in.hostStreamBytes())
                .append(" bytes of per-row records to the host, the host fetches the selected"
                        + " images once and trains on them for ").append(in.epochs())
                .append(" epochs (the extra pass is counted on purpose: a lower bound on the"
                        + " reduction).\n");
        sb.append("- Off-chip traffic reduction: **").append(String.format(Locale.ROOT, "%.2f",
                r.trafficReduction())).append("x**.\n");
        sb.append("- DDR energy, NMS / baseline: **").append(String.format(Locale.ROOT, "%.2f",
                r.ddrEnergyNmsJ() / r.ddrEnergyBaselineJ())).append("** at ")
                .append(fmt(in.offchipPjPerBit())).append(" pJ/bit off chip (")
                .append(OFFCHIP_SOURCE).append(") and ").append(fmt(in.nearMemoryPjPerBit()))
                .append(" pJ/bit near memory (").append(NEAR_MEMORY_SOURCE).append(").\n");
        sb.append("- Break-even: NMS spends less DDR energy than the baseline only if a near-memory"
                + " read costs less than ").append(String.format(Locale.ROOT, "%.3f",
                r.breakEvenNearMemoryPjPerBit())).append(" pJ/bit.\n");
        Result full = extrapolate(r, POOL_60K_CLASSES, POOL_60K_ROWS_PER_CLASS);
        sb.append("- Modelled for the full 60k Fashion-MNIST pool (10 classes of 6 000, each read"
                + " once in chunks of at most max_rows_per_class; host stream in proportion):"
                + " DDR energy NMS / baseline **").append(String.format(Locale.ROOT, "%.3f",
                full.ddrEnergyNmsJ() / full.ddrEnergyBaselineJ())).append("** (")
                .append(sci(full.ddrEnergyNmsJ())).append(" J against ")
                .append(sci(full.ddrEnergyBaselineJ())).append(" J).\n");
        return sb.toString();
    }

    static String fmt(double v) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros()
                .toPlainString();
    }

    static String sci(double v) {
        return String.format(Locale.ROOT, "%.6e", v);
    }
}
