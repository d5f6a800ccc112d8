package nms.config;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one validated parameter record that the golden model and the RTL emitter both read.
 *
 * <p>Build it with {@link #defaults()}, {@link #load(Path)} and {@link #with(String, String)}; each
 * step validates, so an instance always satisfies every constraint of the arithmetic spec
 * (docs/ARITHMETIC.md). The derived formats ({@link #formats()}) are computed once here and are
 * the only source of every width in both the golden model and the emitted Verilog.
 */
public final class NmsConfig {
    private final Map<ConfigField, String> values;
    private final Formats formats;
    private final LrtFormats lrtFormats;

    private NmsConfig(Map<ConfigField, String> values) {
        this.values = values;
        this.formats = new Formats(this);
        this.lrtFormats = new LrtFormats(this);
    }

    /** The embedded default configuration. */
    public static NmsConfig defaults() {
        Map<ConfigField, String> v = new EnumMap<>(ConfigField.class);
        for (ConfigField f : ConfigField.values()) {
            v.put(f, f.canonical(f.defaultValue, "default"));
        }
        return new NmsConfig(v);
    }

    /**
     * Reads a config file of {@code key = value} lines over the defaults: UTF-8 text (a leading
     * byte-order mark is allowed, as editors write it), {@code #} starts a comment, blank lines
     * are ignored, a key may appear once (as in {@code --set}), and control characters other than
     * tab are refused with the line and column (a NUL would otherwise vanish into a trimmed value).
     */
    public static NmsConfig load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(file + ": not a config file: it is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file: " + e.getMessage());
        }
        if (!lines.isEmpty() && lines.get(0).startsWith("\ufeff")) {
            lines.set(0, lines.get(0).substring(1));
        }
        Map<ConfigField, String> v = new EnumMap<>(defaults().values);
        Map<ConfigField, Integer> seenAt = new EnumMap<>(ConfigField.class);
        for (int i = 0; i < lines.size(); i++) {
            String where = file + ":" + (i + 1);
            String line = lines.get(i);
            for (int col = 0; col < line.length(); col++) {
                char ch = line.charAt(col);
                if (ch < ' ' && ch != '\t') {
                    throw new ConfigException(where + ": control character U+" + String.format("%04X", (int) ch)
                            + " at column " + (col + 1) + "; a config file is plain text");
                }
            }
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(where + ": expected 'key = value', got '" + line.trim()
                        + "'");
            }
            ConfigField f = ConfigField.byKey(line.substring(0, eq).trim(), where);
            Integer prev = seenAt.put(f, i + 1);
            if (prev != null) {
                throw new ConfigException(where + ": " + f.key + " is already set on line " + prev);
            }
            v.put(f, f.canonical(line.substring(eq + 1), where));
        }
        return validated(v, file.toString());
    }

    /** A copy with one field changed, as {@code --set key=value} does. */
    public NmsConfig with(String key, String value) {
        return withAll(List.of(key + "=" + value));
    }

    /**
     * Applies {@code key=value} overrides, then validates the combination once, so that
     * {@code --set dims=3 --set lanes=1} works in either order.
     */
    public NmsConfig withAll(List<String> assignments) {
        if (assignments.isEmpty()) {
            return this;
        }
        Map<ConfigField, String> v = new EnumMap<>(values);
        Map<ConfigField, String> seen = new EnumMap<>(ConfigField.class);
        for (String a : assignments) {
            int eq = a.indexOf('=');
            String where = "--set " + a;
            if (eq < 0) {
                throw new ConfigException(where + ": expected key=value");
            }
            ConfigField f = ConfigField.byKey(a.substring(0, eq).trim(), where);
            // One rule with config files: a key is set once, never silently the last of several.
            String prev = seen.put(f, a);
            if (prev != null) {
                throw new ConfigException(where + ": " + f.key + " is already set by --set " + prev);
            }
            v.put(f, f.canonical(a.substring(eq + 1), where));
        }
        return validated(v, "--set " + String.join(" --set ", assignments));
    }

    private static NmsConfig validated(Map<ConfigField, String> v, String where) {
        try {
            return new NmsConfig(v);
        } catch (ConfigException e) {
            throw new ConfigException(where + ": " + e.getMessage());
        }
    }

    // ---- typed access -------------------------------------------------------------------

    public String raw(ConfigField f) {
        return values.get(f);
    }

    private int i(ConfigField f) {
        return Integer.parseInt(values.get(f));
    }

    public int pixelWidth() {
        return i(ConfigField.PIXEL_WIDTH);
    }

    public int dims() {
        return i(ConfigField.DIMS);
    }

    public int lanes() {
        return i(ConfigField.LANES);
    }

    public Metric metric() {
        return Metric.valueOf(values.get(ConfigField.METRIC).toUpperCase(Locale.ROOT));
    }

    /** Adder-tree levels per pipeline stage of {@code nms_distance} (RTL only, no value change). */
    public int adderLevelsPerStage() {
        return i(ConfigField.ADDER_LEVELS_PER_STAGE);
    }

    public int maxRowsPerClass() {
        return i(ConfigField.MAX_ROWS_PER_CLASS);
    }

    /** Anchors {@code nms_engine} serves per pass (K, spec section 10). */
    public int engineAnchors() {
        return i(ConfigField.ENGINE_ANCHORS);
    }

    public int betaIntBits() {
        return i(ConfigField.BETA_INT_BITS);
    }

    /** Resolved fraction bits of beta ({@code auto} resolved by {@link Formats}). */
    public int betaFracBits() {
        return formats.betaFracBits;
    }

    /** The beta_frac_bits setting, 0 for auto. */
    int betaFracBitsSetting() {
        String v = values.get(ConfigField.BETA_FRAC_BITS);
        return v.equals("auto") ? 0 : Integer.parseInt(v);
    }

    public int tFracBits() {
        return i(ConfigField.T_FRAC_BITS);
    }

    public int affinityFracBits() {
        return i(ConfigField.AFFINITY_FRAC_BITS);
    }

    public int expLutBits() {
        return i(ConfigField.EXP_LUT_BITS);
    }

    public boolean expInterp() {
        return Boolean.parseBoolean(values.get(ConfigField.EXP_INTERP));
    }

    public int logLutBits() {
        return i(ConfigField.LOG_LUT_BITS);
    }

    public int logInterpBits() {
        return i(ConfigField.LOG_INTERP_BITS);
    }

    public int entropyFracBits() {
        return i(ConfigField.ENTROPY_FRAC_BITS);
    }

    public int pFracBits() {
        return i(ConfigField.P_FRAC_BITS);
    }

    public BigDecimal perplexity() {
        return new BigDecimal(values.get(ConfigField.PERPLEXITY));
    }

    public int searchIterations() {
        return i(ConfigField.SEARCH_ITERATIONS);
    }

    public BigDecimal searchTolerance() {
        return new BigDecimal(values.get(ConfigField.SEARCH_TOLERANCE));
    }

    public SearchVariant search() {
        return SearchVariant.valueOf(values.get(ConfigField.SEARCH).toUpperCase(Locale.ROOT));
    }

    public long seed() {
        return Long.parseLong(values.get(ConfigField.SEED));
    }

    public SketchKind sketch() {
        return SketchKind.valueOf(values.get(ConfigField.SKETCH).toUpperCase(Locale.ROOT));
    }

    /** The sketch_dims setting, 0 for auto (resolved by {@link Formats#sketchDims}). */
    int sketchDimsSetting() {
        return autoOrInt(ConfigField.SKETCH_DIMS);
    }

    /** The sketch_width setting, 0 for auto (resolved by {@link Formats#sketchWidth}). */
    int sketchWidthSetting() {
        return autoOrInt(ConfigField.SKETCH_WIDTH);
    }

    /** Achlioptas s of the projection: an entry is nonzero with probability 1 / s. */
    public int sketchDensity() {
        return i(ConfigField.SKETCH_DENSITY);
    }

    private int autoOrInt(ConfigField f) {
        String v = values.get(f);
        return v.equals("auto") ? 0 : Integer.parseInt(v);
    }

    public Formats formats() {
        return formats;
    }

    /** Whether the LRT units are part of this configuration ({@code lrt = true}). */
    public boolean lrt() {
        return Boolean.parseBoolean(values.get(ConfigField.LRT));
    }

    /** Widths and constants of the LRT units (validated even when {@code lrt = false}). */
    public LrtFormats lrtFormats() {
        return lrtFormats;
    }

    public int lrtRank() {
        return i(ConfigField.LRT_RANK);
    }

    public int lrtN() {
        return i(ConfigField.LRT_N);
    }

    public int lrtM() {
        return i(ConfigField.LRT_M);
    }

    public int lrtBasisWidth() {
        return i(ConfigField.LRT_BASIS_WIDTH);
    }

    public int lrtInputWidth() {
        return i(ConfigField.LRT_INPUT_WIDTH);
    }

    public int lrtLanes() {
        return i(ConfigField.LRT_LANES);
    }

    public long lrtKappa() {
        return Long.parseLong(values.get(ConfigField.LRT_KAPPA));
    }

    public int lrtMinDensityPpm() {
        return i(ConfigField.LRT_MIN_DENSITY_PPM);
    }

    public int lrtLrShift() {
        return i(ConfigField.LRT_LR_SHIFT);
    }

    public int lrtWeightBits() {
        return i(ConfigField.LRT_WEIGHT_BITS);
    }

    /** nms_lrt_svd's rank reduction: unbiased mixing (true) or plain truncation. */
    public boolean lrtUnbiased() {
        return Boolean.parseBoolean(values.get(ConfigField.LRT_UNBIASED));
    }

    public int lrtSvdSweeps() {
        return i(ConfigField.LRT_SVD_SWEEPS);
    }

    public int lrtSvdWidth() {
        return i(ConfigField.LRT_SVD_WIDTH);
    }

    /** Classes of at most this many rows get exact repulsion in the embedding. */
    public int embeddingExactMaxRows() {
        return i(ConfigField.EMBEDDING_EXACT_MAX_ROWS);
    }

    /** Negative samples per point per iteration for the sampled repulsion. */
    public int embeddingNegatives() {
        return i(ConfigField.EMBEDDING_NEGATIVES);
    }

    /** Address bits of the embedding's kernel ROM; 0 = exact division. */
    public int embeddingKernelLutBits() {
        return i(ConfigField.EMBEDDING_KERNEL_LUT_BITS);
    }

    /** The embedding's arithmetic variant from the three embedding_* fields. */
    public EmbeddingArithmetic embeddingArithmetic() {
        return new EmbeddingArithmetic(embeddingExactMaxRows(), embeddingNegatives(),
                embeddingKernelLutBits());
    }

    /** Most centre updates of nms_sampler's k-means (spec section 13). */
    public int samplerIterations() {
        return i(ConfigField.SAMPLER_ITERATIONS);
    }

    /** Largest per-class budget nms_sampler takes (spec section 13; auto resolved by {@link Formats}). */
    public int samplerMaxCentres() {
        return formats.samplerMaxCentres;
    }

    /** The sampler_max_centres setting, 0 for auto. */
    int samplerMaxCentresSetting() {
        String v = values.get(ConfigField.SAMPLER_MAX_CENTRES);
        return v.equals("auto") ? 0 : Integer.parseInt(v);
    }

    // ---- identity -----------------------------------------------------------------------

    /**
     * {@code key=value} lines in declaration order, canonical values: the hashed text. A field
     * added after hashes were published (the sketch fields) appears only when it is not at its
     * default, so a configuration that does not use it keeps the hash it always had.
     */
    public String canonicalText() {
        StringBuilder sb = new StringBuilder();
        for (ConfigField f : ConfigField.values()) {
            String v = values.get(f);
            if (f.hashedWhenSet && v.equals(f.canonical(f.defaultValue, "default"))) {
                continue;
            }
            sb.append(f.key).append('=').append(v).append('\n');
        }
        return sb.toString();
    }

    /** First 16 hex digits of SHA-256 over {@link #canonicalText()}. */
    public String hash() {
        return Hashing.sha256().hashString(canonicalText(), StandardCharsets.UTF_8).toString()
                .substring(0, 16);
    }

    /** Resolved values then derived formats, for {@code config --show}. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigField f : ConfigField.values()) {
            out.put(f.key, values.get(f));
        }
        out.putAll(formats.describe());
        if (lrt()) {
            out.putAll(lrtFormats.describe());
        }
        out.put("config_hash", hash());
        return out;
    }

    /** A config file with every field, its default and its meaning. */
    public static String template() {
        StringBuilder sb = new StringBuilder("# nms configuration: key = value; '#' starts a comment.\n"
                + "# Every field is optional; missing fields take the default shown.\n\n");
        for (ConfigField f : ConfigField.values()) {
            sb.append("# ").append(f.doc).append('\n');
            if (f.max > 0) {
                sb.append("# range: ").append(f.min).append(" .. ").append(f.max).append('\n');
            }
            sb.append(f.key).append(" = ").append(f.defaultValue).append("\n\n");
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NmsConfig c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "NmsConfig[" + hash() + "]";
    }
}
