package nms.config;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Every field of the configuration: its key in config files and {@code --set}, its default, its
 * legal range and what it means. This enum is the only place a field is declared; the parser,
 * {@code config --show}, the template and the hash all iterate it.
 */
public enum ConfigField {
    PIXEL_WIDTH("pixel_width", "8", 1, 16,
            "Bits per unsigned pixel; images of another width are requantized by shifting."),
    DIMS("dims", "784", 1, 65536,
            "Pixels per image; images of another size are resampled by nearest index."),
    LANES("lanes", "4", 1, 64,
            "Pixels of each operand that nms_distance consumes per cycle (<= dims)."),
    METRIC("metric", "l2", 0, 0,
            "Distance: l2 = sum of squared differences (t-SNE), l1 = sum of absolute differences."),
    ADDER_LEVELS_PER_STAGE("adder_levels_per_stage", "1", 1, 6,
            "Adder-tree levels of nms_distance between pipeline registers: 1 = a register after"
            + " every level (highest Fmax), more = fewer registers and less latency."),
    MAX_ROWS_PER_CLASS("max_rows_per_class", "1024", 2, 65536,
            "Largest class the row buffer and accumulators are sized for."),
    ENGINE_ANCHORS("engine_anchors", "4", 1, 64,
            "Anchor images nms_engine serves per pass over a class (K <= max_rows_per_class):"
            + " K parallel nms_distance instances, so a class of N reads N + ceil(N/K) * N"
            + " images near memory instead of N * N."),
    BETA_INT_BITS("beta_int_bits", "4", 1, 8,
            "Integer bits of beta (beta < 2^beta_int_bits); the search starts at beta = 1."),
    BETA_FRAC_BITS("beta_frac_bits", "auto", 8, 62,
            "Fraction bits of beta, or auto = min(dist_width + 22, 62 - beta_int_bits)."),
    T_FRAC_BITS("t_frac_bits", "16", 4, 24,
            "Fraction bits of t = beta * log2(e) * d', the exponent of a = 2^-t."),
    AFFINITY_FRAC_BITS("affinity_frac_bits", "20", 4, 30,
            "Fraction bits of the affinity a in [0, 1]."),
    EXP_LUT_BITS("exp_lut_bits", "8", 1, 12,
            "Address bits of the 2^-f ROM (2^bits + 1 entries, f in [0, 1])."),
    EXP_INTERP("exp_interp", "true", 0, 0,
            "Linear interpolation between 2^-f ROM entries with the remaining t fraction bits."),
    LOG_LUT_BITS("log_lut_bits", "10", 1, 14,
            "Address bits of the log2(1 + m) ROM (2^bits + 1 entries)."),
    LOG_INTERP_BITS("log_interp_bits", "12", 0, 20,
            "Mantissa bits below the log2 ROM address used for interpolation (0 = none)."),
    ENTROPY_FRAC_BITS("entropy_frac_bits", "24", 4, 32,
            "Fraction bits of the entropy H (in bits) and of the divider quotient."),
    P_FRAC_BITS("p_frac_bits", "24", 4, 30,
            "Fraction bits of the conditional probability p_j|i = a_ij / S_i."),
    PERPLEXITY("perplexity", "30", 0, 0,
            "Target perplexity; the search aims at entropy log2(perplexity) bits."),
    SEARCH_ITERATIONS("search_iterations", "100", 1, 1000,
            "Maximum entropy evaluations per row in the beta search."),
    SEARCH_TOLERANCE("search_tolerance", "0.00001", 0, 0,
            "A row is calibrated when |H - log2(perplexity)| < tolerance (bits)."),
    SEARCH("search", "robust", 0, 0,
            "plain = bhtsne bisection, last beta wins; robust = best beta seen wins."),
    SEED("seed", "1", 0, 0,
            "Seed of every random choice (synthetic data, vector sampling, embedding init)."),
    SKETCH("sketch", "none", 0, 0,
            "Reduction of each image while it streams in (nms_sketch): none = the full image,"
            + " block = sums of square pixel blocks, projection = seeded sparse +-1 projection.",
            true),
    SKETCH_DIMS("sketch_dims", "auto", 1, 65536,
            "Elements of the sketch (<= dims). block: a square s * s whose side s divides the"
            + " image side sqrt(dims); auto = the divisor of the side nearest side / 4 (28 x 28"
            + " -> 7 x 7). projection: any; auto = min(dims, 64).", true),
    SKETCH_WIDTH("sketch_width", "auto", 1, 32,
            "Bits per sketch element; a wider exact value is rounded half-up by a right shift."
            + " auto = pixel_width for block (the rounded block mean when a block has 2^k"
            + " pixels), the exact width for projection (no rounding).", true),
    SKETCH_DENSITY("sketch_density", "3", 1, 65536,
            "projection: 1 / probability of a nonzero entry (Achlioptas s: +1 and -1 each with"
            + " probability 1 / (2 s)); the pattern is drawn from seed.", true),
    LRT("lrt", "false", 0, 0,
            "true = also emit the low-rank-training units (nms_lrt_project, nms_lrt_write) for"
            + " one layer of lrt_n inputs x lrt_m outputs (docs/ARITHMETIC.md section 12).", true),
    LRT_RANK("lrt_rank", "4", 1, 8,
            "Rank r of the LRT accumulator; q = r + 1 basis rows per side.", true),
    LRT_N("lrt_n", "400", 1, 65536,
            "Inputs n of the LRT layer (length of u; an im2col patch for a convolution).", true),
    LRT_M("lrt_m", "64", 1, 65536,
            "Outputs m of the LRT layer (length of v, the output gradient).", true),
    LRT_BASIS_WIDTH("lrt_basis_width", "16", 4, 24,
            "Bits of a signed basis code and of a signed factor code (value = code * 2^-(bits-1);"
            + " a basis also carries a per-matrix power of two).", true),
    LRT_INPUT_WIDTH("lrt_input_width", "9", 2, 16,
            "Bits of a signed element code of u and v (9 holds 8-bit unsigned activations and"
            + " 8-bit signed gradients).", true),
    LRT_LANES("lrt_lanes", "4", 1, 64,
            "Elements of u or v that nms_lrt_project takes per cycle (q MACs each).", true),
    LRT_KAPPA("lrt_kappa", "100", 1, 1048576,
            "Kappa threshold: a pair is skipped when cx0 > lrt_kappa * |res_u| * |res_v|.", true),
    LRT_MIN_DENSITY_PPM("lrt_min_density_ppm", "10000", 0, 999999,
            "Minimum density of a weight write in parts per million of the n * m cells:"
            + " written only when more cells change (10000 = 1 %).", true),
    LRT_LR_SHIFT("lrt_lr_shift", "3", 0, 32,
            "Learning rate of the write as a power of two: update = 2^-lrt_lr_shift * U V^T.",
            true),
    LRT_WEIGHT_BITS("lrt_weight_bits", "8", 2, 16,
            "Bits of a signed weight code on the grid (step 2^-(bits-1), clip 1).", true),
    LRT_UNBIASED("lrt_unbiased", "true", 0, 0,
            "true = nms_lrt_svd mixes the smallest singular values with LFSR signs (the optimal"
            + " Kronecker sum, unbiased); false = plain truncation to rank lrt_rank.", true),
    LRT_SVD_SWEEPS("lrt_svd_sweeps", "6", 1, 16,
            "Cyclic Jacobi sweeps of nms_lrt_svd over the q (q - 1) / 2 column pairs (a fixed"
            + " count: the unit does not test convergence).", true),
    LRT_SVD_WIDTH("lrt_svd_width", "24", 12, 28,
            "Bits of a signed entry of nms_lrt_svd's block-normalised q x q matrix; the CORDIC"
            + " angle has lrt_svd_width - 2 fraction bits and as many iterations.", true),
    EMBEDDING_EXACT_MAX_ROWS("embedding_exact_max_rows", "65536", 2, 65536,
            "Largest class whose embedding repulsion is exact over all pairs; a larger class uses"
            + " embedding_negatives seeded negative samples per point per iteration"
            + " (docs/arithmetic-embedding.md section 11). 65536 = always exact.", true),
    EMBEDDING_NEGATIVES("embedding_negatives", "16", 1, 1024,
            "Negative samples M per point per iteration when repulsion is sampled.", true),
    EMBEDDING_KERNEL_LUT_BITS("embedding_kernel_lut_bits", "0", 0, 12,
            "Kernel 1/(1+d^2) of the embedding: 0 = exact 64-bit division; b = a ROM of 2^b + 1"
            + " reciprocals of the normalised denominator, interpolated linearly (no divider).",
            true),
    SAMPLER_ITERATIONS("sampler_iterations", "100", 1, 1000,
            "Most Lloyd centre updates of nms_sampler's k-means (it stops earlier when no"
            + " assignment changes; docs/ARITHMETIC.md section 13).", true),
    SAMPLER_MAX_CENTRES("sampler_max_centres", "auto", 1, 65536,
            "Largest per-class budget nms_sampler takes (<= max_rows_per_class): the centres"
            + " and sums it stores on chip; auto = min(128, max_rows_per_class).", true);

    public final String key;
    public final String defaultValue;
    final long min;
    final long max;
    public final String doc;
    /**
     * A field added after configuration hashes were published: it enters the hashed text only
     * when it differs from its default, so every configuration written before it keeps its hash.
     */
    final boolean hashedWhenSet;

    ConfigField(String key, String defaultValue, long min, long max, String doc) {
        this(key, defaultValue, min, max, doc, false);
    }

    ConfigField(String key, String defaultValue, long min, long max, String doc,
                boolean hashedWhenSet) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.doc = doc;
        this.hashedWhenSet = hashedWhenSet;
    }

    public static ConfigField byKey(String key, String where) {
        for (ConfigField f : values()) {
            if (f.key.equals(key)) {
                return f;
            }
        }
        throw new ConfigException(where + ": unknown configuration key '" + key + "' (known: "
                + String.join(", ", java.util.Arrays.stream(values()).map(f -> f.key).toList())
                + ")");
    }

    /** The value in canonical text, so that equal values hash equally whatever their spelling. */
    String canonical(String raw, String where) {
        String v = raw.trim();
        try {
            switch (this) {
                case METRIC:
                    return parseEnum(Metric.class, v, where).name().toLowerCase(Locale.ROOT);
                case SEARCH:
                    return parseEnum(SearchVariant.class, v, where).name().toLowerCase(Locale.ROOT);
                case SKETCH:
                    return parseEnum(SketchKind.class, v, where).name().toLowerCase(Locale.ROOT);
                case EXP_INTERP:
                case LRT:
                case LRT_UNBIASED:
                    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                        return v.toLowerCase(Locale.ROOT);
                    }
                    throw new ConfigException(where + ": " + key + " must be true or false, got '"
                            + raw + "'");
                case PERPLEXITY:
                case SEARCH_TOLERANCE:
                    return decimal(v, raw, where);
                case SEED:
                    return Long.toString(Long.parseLong(v));
                case BETA_FRAC_BITS:
                case SKETCH_DIMS:
                case SKETCH_WIDTH:
                case SAMPLER_MAX_CENTRES:
                    if (v.equalsIgnoreCase("auto")) {
                        return "auto";
                    }
                    return rangeChecked(v, where);
                default:
                    return rangeChecked(v, where);
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(where + ": " + key + " must be a number, got '" + raw + "'");
        }
    }

    /** Largest perplexity: a row's is at most max_rows_per_class - 1, and that field is at most 65536. */
    static final BigDecimal MAX_PERPLEXITY = BigDecimal.valueOf(65535);
    /** Tolerances in bits: beyond 64 every row is calibrated; below 2^-32 no entropy format resolves it. */
    static final BigDecimal MAX_TOLERANCE = BigDecimal.valueOf(64);
    static final BigDecimal MIN_TOLERANCE = BigDecimal.ONE.divide(BigDecimal.valueOf(2).pow(32));
    static final int MAX_DIGITS = 40;

    /**
     * A positive decimal within its field's bounds. The bounds are checked on the parsed value,
     * before it is ever written out in plain digits: {@code 1e999999999} in plain text is a
     * billion characters, which is what made such a value hang.
     */
    private String decimal(String v, String raw, String where) {
        BigDecimal d = new BigDecimal(v);
        if (d.signum() <= 0) {
            throw new ConfigException(where + ": " + key + " must be > 0, got " + raw);
        }
        BigDecimal max = this == PERPLEXITY ? MAX_PERPLEXITY : MAX_TOLERANCE;
        if (d.compareTo(max) > 0) {
            throw new ConfigException(where + ": " + key + " = " + raw.trim() + " exceeds its maximum " + max
                    + (this == PERPLEXITY ? " (a row's perplexity is at most max_rows_per_class - 1, and"
                    + " max_rows_per_class is at most " + MAX_ROWS_PER_CLASS.max + ")"
                    : " bits (an entropy is far below that, so every row would count as calibrated)"));
        }
        if (this == SEARCH_TOLERANCE && d.compareTo(MIN_TOLERANCE) < 0) {
            throw new ConfigException(where + ": " + key + " = " + raw.trim() + " is below 2^-32, the finest"
                    + " entropy resolution (entropy_frac_bits is at most 32)");
        }
        BigDecimal canonical = d.stripTrailingZeros();
        if (canonical.precision() > MAX_DIGITS) {
            throw new ConfigException(where + ": " + key + " has " + canonical.precision()
                    + " significant digits, more than " + MAX_DIGITS);
        }
        return canonical.toPlainString();
    }

    private String rangeChecked(String v, String where) {
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            throw new ConfigException(where + ": " + key + " = " + n + " is outside its range ["
                    + min + ", " + max + "]");
        }
        return Long.toString(n);
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String v, String where) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        throw new ConfigException(where + ": '" + v + "' is not one of "
                + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
}
