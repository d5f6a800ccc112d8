package nms.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every width, format and constant derived from a configuration (arithmetic spec, section 3).
 * Golden model and emitter read these fields; neither computes a width of its own.
 *
 * <p>Fixed-point names follow the spec: a value "Q.F" is an unsigned integer holding
 * {@code value * 2^F}.
 */
public final class Formats {
    /** Fraction bits of the log2(e) constant; its error (2^-33 relative) is far below beta's. */
    public static final int LOG2E_FRAC = 32;
    /** Guard bits of the 2^-f ROM above the affinity fraction. */
    public static final int EXP_GUARD = 2;
    /** Guard bits of the log2 ROM above the entropy fraction. */
    public static final int LOG_GUARD = 2;
    /** Widths the golden model (Java long) and the RTL support for any single value. */
    public static final int MAX_WIDTH = 63;
    /** {@code nms_engine}: DRAM addresses count beats, in this many bits (spec section 10). */
    public static final int DRAM_ADDR_WIDTH = 32;
    /** {@code nms_engine}: width of a configuration register write. */
    public static final int CFG_DATA_WIDTH = 32;
    /** {@code nms_engine}: configuration register address bits (BASE, ROWS, START). */
    public static final int CFG_ADDR_WIDTH = 2;

    // distance
    public final int maxPixel;
    public final int beats;
    public final int distWidth;
    public final long maxDist;
    // beta and t
    public final int betaFracBits;
    public final int betaWidth;
    public final long betaOne;
    public final long betaMax;
    public final long log2e;
    public final int betaLog2eWidth;
    public final int tIntBits;
    public final long tSat;
    public final int tWidth;
    // affinity and exp2 ROM
    public final int affinityWidth;
    public final long affinityOne;
    public final int expLutFrac;
    public final int expLutWidth;
    public final int expInterpBits;
    public final int expLutEntries;
    // row sums
    public final int rowIndexWidth;
    public final int sumAWidth;
    public final int sumTaWidth;
    // log2, divider, entropy
    public final int logLutFrac;
    public final int logLutWidth;
    public final int logMantissaBits;
    public final int logLutEntries;
    public final int log2Width;
    public final int dividendWidth;
    public final int quotientWidth;
    public final int entropyWidth;
    public final long targetEntropy;
    public final long tolerance;
    public final int iterationWidth;
    // probabilities
    public final int pCondWidth;
    // nms_engine (spec section 10)
    public final int beatWidth;
    public final int burstLenWidth;
    public final int rowsWidth;
    public final int hostRecordWidth;
    /** Anchors per pass of {@code nms_engine} (K) and the bits of an anchor index 0 .. K - 1. */
    public final int engineAnchors;
    /** nms_sampler's largest budget: sampler_max_centres, auto = min(128, max_rows_per_class). */
    public final int samplerMaxCentres;
    static final int SAMPLER_AUTO_CENTRES = 128;
    public final int anchorIndexWidth;
    // sketch (spec section 11.1); with sketch = none the identity: the image itself
    /** The sketch's linear map, null for sketch = none. */
    public final SketchPattern sketchPattern;
    /** Elements per sketch (dims for none). */
    public final int sketchDims;
    /** Block pooling: sketch side s (sketch_dims = s * s) and block edge b = sqrt(dims) / s. */
    public final int sketchSide;
    public final int sketchBlock;
    /** Largest exact element value (before rounding) and its width, the accumulator's. */
    public final long sketchMaxExact;
    public final int sketchAccWidth;
    /** The rounding right shift from the exact value to the stored element. */
    public final int sketchShift;
    /** Bits of a stored element, its largest value, and the bits of one sketch. */
    public final int sketchWidth;
    public final long sketchMaxValue;
    public final int sketchBits;
    /** Beats of {@code lanes} elements per sketch, and the largest distance of two sketches. */
    public final int sketchBeats;
    public final long sketchMaxDist;
    public final int sketchDistWidth;
    // nearest neighbours (spec section 11.2)
    /** k = min(floor(3 * perplexity), max_rows_per_class - 1), and the bits of a count 0 .. k. */
    public final int knnK;
    public final int knnCountWidth;
    /**
     * Bits of a kept entry's distance: the distances the one-pass engine compares, those of two
     * sketches (sketch_dist_width, which is dist_width for sketch = none).
     */
    public final int knnDistWidth;
    /** Bits of a kept entry's row index 0 .. max_rows_per_class - 1 (row_index_width). */
    public final int knnIndexWidth;
    /** Bits of one entry {dist, index} and of the whole insertion array (k entries). */
    public final int knnEntryWidth;
    public final long knnArrayBits;
    /**
     * The one-pass engine's store (spec 10): one row of a class as {@code sketch_beats} words of
     * {@code lanes} elements ({@code store_word_width} bits), {@code max_rows_per_class} rows.
     */
    public final int storeWordWidth;
    public final long storeWords;
    public final long storeBits;
    /** Right shift from a compared (sketch) distance to the dist_width the search takes (spec 10.2). */
    public final int engineDistShift;

    Formats(NmsConfig c) {
        int w = c.pixelWidth();
        int dims = c.dims();
        int lanes = c.lanes();
        int af = c.affinityFracBits();
        int tf = c.tFracBits();
        int hf = c.entropyFracBits();
        int nMax = c.maxRowsPerClass();

        if (lanes > dims) {
            throw new ConfigException("lanes = " + lanes + " must not exceed dims = " + dims);
        }
        maxPixel = (1 << w) - 1;
        beats = (dims + lanes - 1) / lanes;
        maxDist = (long) dims * (c.metric() == Metric.L2 ? (long) maxPixel * maxPixel : maxPixel);
        distWidth = bits(maxDist);

        int bf = c.betaFracBitsSetting() > 0 ? c.betaFracBitsSetting()
                : Math.min(distWidth + 22, MAX_WIDTH - 1 - c.betaIntBits());
        betaFracBits = bf;
        if (bf <= tf) {
            throw new ConfigException("beta_frac_bits = " + bf + " must exceed t_frac_bits = " + tf
                    + " (t is beta * d' rounded to t_frac_bits)");
        }
        if (bf < distWidth + 8) {
            throw new ConfigException("beta_frac_bits = " + bf + " is too small for dist_width = "
                    + distWidth + ": beta near 2^-" + distWidth
                    + " needs at least 8 significant bits, so beta_frac_bits >= "
                    + (distWidth + 8));
        }
        betaWidth = c.betaIntBits() + bf;
        if (betaWidth > MAX_WIDTH - 1) {
            // beta * log2(e) must stay below 2^63 as well.
            throw new ConfigException("beta_int_bits + beta_frac_bits = " + betaWidth
                    + " exceeds " + (MAX_WIDTH - 1) + " bits");
        }
        betaOne = 1L << bf;
        betaMax = (1L << betaWidth) - 1;
        log2e = ExactMath.roundTo(ExactMath.log2e(), LOG2E_FRAC);
        betaLog2eWidth = bits(mulRoundShift(betaMax, log2e, LOG2E_FRAC));

        tIntBits = bits(af + 2);
        tSat = (long) (af + 2) << tf;
        tWidth = bits(tSat);

        affinityOne = 1L << af;
        affinityWidth = af + 1;
        expLutFrac = af + EXP_GUARD;
        expLutWidth = expLutFrac + 1;
        if (c.expLutBits() > tf) {
            throw new ConfigException("exp_lut_bits = " + c.expLutBits()
                    + " must not exceed t_frac_bits = " + tf + " (the ROM is addressed by t's fraction)");
        }
        expInterpBits = c.expInterp() ? tf - c.expLutBits() : 0;
        expLutEntries = (1 << c.expLutBits()) + 1;

        if (c.perplexity().compareTo(BigDecimal.ONE) < 0) {
            throw new ConfigException("perplexity = " + c.perplexity() + " must be >= 1");
        }
        if (c.perplexity().compareTo(BigDecimal.valueOf(nMax - 1)) > 0) {
            throw new ConfigException("perplexity = " + c.perplexity()
                    + " cannot be reached with max_rows_per_class = " + nMax
                    + ": a row's entropy is at most log2(max_rows_per_class - 1)");
        }
        rowIndexWidth = bits(nMax - 1);
        sumAWidth = bits((long) (nMax - 1) << af);
        BigInteger maxTa = BigInteger.valueOf(tSat - 1).shiftLeft(af);
        BigInteger maxSumTa = maxTa.multiply(BigInteger.valueOf(nMax - 1));
        sumTaWidth = maxSumTa.bitLength();

        logLutFrac = hf + LOG_GUARD;
        logLutWidth = logLutFrac + 1;
        logMantissaBits = c.logLutBits() + c.logInterpBits();
        logLutEntries = (1 << c.logLutBits()) + 1;
        // log2(S / 2^af) < sumAWidth - af.
        long maxLog2 = (long) (sumAWidth - af) << hf;
        log2Width = bits(maxLog2);
        if (hf < tf) {
            throw new ConfigException("entropy_frac_bits = " + hf + " must be >= t_frac_bits = " + tf
                    + " (the divider scales sum(t*a) up to the entropy fraction)");
        }
        dividendWidth = maxSumTa.bitLength() + (hf - tf);
        if (dividendWidth > MAX_WIDTH) {
            throw new ConfigException("the entropy divider's dividend needs " + dividendWidth
                    + " bits (sum of t*a over max_rows_per_class = " + nMax + " rows with"
                    + " affinity_frac_bits = " + af + ", t_frac_bits = " + tf
                    + ", entropy_frac_bits = " + hf + "), more than " + MAX_WIDTH
                    + "; reduce one of them");
        }
        // sum(t a) / sum(a) <= max t < tSat.
        quotientWidth = bits((tSat << (hf - tf)) - 1);
        entropyWidth = bits(maxLog2 + (tSat << (hf - tf)));

        targetEntropy = ExactMath.roundTo(ExactMath.log2(c.perplexity()), hf);
        tolerance = c.searchTolerance().multiply(new BigDecimal(BigInteger.ONE.shiftLeft(hf)))
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
        if (tolerance < 1) {
            throw new ConfigException("search_tolerance = " + c.searchTolerance()
                    + " is below the entropy resolution 2^-" + hf
                    + "; raise it or entropy_frac_bits");
        }
        iterationWidth = bits(c.searchIterations());
        pCondWidth = c.pFracBits() + 1;

        beatWidth = lanes * w;
        burstLenWidth = bits(beats);
        rowsWidth = bits(nMax);
        hostRecordWidth = rowIndexWidth + betaWidth + entropyWidth + 1;
        engineAnchors = c.engineAnchors();
        if (engineAnchors > nMax) {
            throw new ConfigException("engine_anchors = " + engineAnchors
                    + " must not exceed max_rows_per_class = " + nMax
                    + " (a pass serves at most one class's rows)");
        }
        anchorIndexWidth = bits(engineAnchors - 1);
        int centresSet = c.samplerMaxCentresSetting();
        if (centresSet > nMax) {
            throw new ConfigException("sampler_max_centres = " + centresSet
                    + " must not exceed max_rows_per_class = " + nMax
                    + " (a class's budget is at most its rows)");
        }
        samplerMaxCentres = centresSet == 0 ? Math.min(SAMPLER_AUTO_CENTRES, nMax) : centresSet;

        SketchKind kind = c.sketch();
        int sketchDimsSet = c.sketchDimsSetting();
        int side = java.math.BigInteger.valueOf(dims).sqrt().intValueExact(); // floor; square checked below
        switch (kind) {
            case BLOCK -> {
                if (side * side != dims) {
                    throw new ConfigException("sketch = block needs square images, but dims = "
                            + dims + " is not a square");
                }
                int s = sketchDimsSet == 0 ? autoBlockSide(side)
                        : java.math.BigInteger.valueOf(sketchDimsSet).sqrt().intValueExact();
                if (sketchDimsSet != 0 && (s * s != sketchDimsSet || side % s != 0)) {
                    throw new ConfigException("sketch_dims = " + sketchDimsSet + " must be s * s"
                            + " with s dividing the image side " + side + " (sketch = block)");
                }
                sketchSide = s;
                sketchBlock = side / s;
                sketchPattern = SketchPattern.block(side, s);
            }
            case PROJECTION -> {
                int k = sketchDimsSet == 0 ? Math.min(dims, 64) : sketchDimsSet;
                if (k > dims) {
                    throw new ConfigException("sketch_dims = " + k + " must not exceed dims = "
                            + dims + " (a sketch reduces the image)");
                }
                if ((long) k * dims > SketchPattern.MAX_CODES) {
                    throw new ConfigException("sketch_dims * dims = " + (long) k * dims
                            + " exceeds the projection pattern's limit of "
                            + SketchPattern.MAX_CODES + " codes; reduce sketch_dims");
                }
                sketchSide = 0;
                sketchBlock = 0;
                sketchPattern = SketchPattern.projection(dims, k, c.sketchDensity(), c.seed());
                int empty = sketchPattern.emptyElement();
                if (empty >= 0) {
                    throw new ConfigException("sketch_density = " + c.sketchDensity()
                            + " leaves projection element " + empty + " without a nonzero entry"
                            + " for seed = " + c.seed() + " and dims = " + dims
                            + "; lower sketch_density");
                }
            }
            default -> {
                if (sketchDimsSet != 0 && sketchDimsSet != dims) {
                    throw new ConfigException("sketch_dims = " + sketchDimsSet
                            + " needs a sketch; with sketch = none it is dims = " + dims);
                }
                sketchSide = 0;
                sketchBlock = 0;
                sketchPattern = null;
            }
        }
        sketchDims = sketchPattern == null ? dims : sketchPattern.elements();
        long maxExact = maxPixel;
        if (sketchPattern != null) {
            for (int k = 0; k < sketchDims; k++) {
                maxExact = Math.max(maxExact, (long) sketchPattern.nonzeros(k) * maxPixel);
            }
        }
        sketchMaxExact = maxExact;
        sketchAccWidth = bits(maxExact);
        int widthSet = c.sketchWidthSetting();
        if (kind == SketchKind.NONE && widthSet != 0 && widthSet != w) {
            throw new ConfigException("sketch_width = " + widthSet
                    + " needs a sketch; with sketch = none it is pixel_width = " + w);
        }
        int wanted = widthSet != 0 ? widthSet : kind == SketchKind.BLOCK ? w : sketchAccWidth;
        int shift = 0;
        while (bits(roundShift(maxExact, shift)) > wanted) {
            shift++;
        }
        sketchShift = shift;
        sketchMaxValue = roundShift(maxExact, shift);
        sketchWidth = bits(sketchMaxValue);
        sketchBits = sketchDims * sketchWidth;
        sketchBeats = (sketchDims + lanes - 1) / lanes;
        BigInteger sketchDist = BigInteger.valueOf(sketchMaxValue);
        if (c.metric() == Metric.L2) {
            sketchDist = sketchDist.multiply(sketchDist);
        }
        sketchDist = sketchDist.multiply(BigInteger.valueOf(sketchDims));
        if (sketchDist.bitLength() > MAX_WIDTH - 8) {
            throw new ConfigException("the distance of two sketches needs " + sketchDist.bitLength()
                    + " bits (sketch_dims = " + sketchDims + ", sketch_width = " + sketchWidth
                    + "), more than " + (MAX_WIDTH - 8) + "; reduce sketch_width or sketch_dims");
        }
        sketchMaxDist = sketchDist.longValueExact();
        sketchDistWidth = bits(sketchMaxDist);

        knnK = (int) Math.min(c.perplexity().multiply(BigDecimal.valueOf(3))
                .setScale(0, RoundingMode.FLOOR).longValueExact(), nMax - 1);
        knnCountWidth = bits(knnK);
        knnDistWidth = sketchDistWidth;
        knnIndexWidth = rowIndexWidth;
        knnEntryWidth = knnDistWidth + knnIndexWidth;
        knnArrayBits = (long) knnK * knnEntryWidth;

        storeWordWidth = lanes * sketchWidth;
        storeWords = (long) nMax * sketchBeats;
        storeBits = storeWords * storeWordWidth;
        // Projection sketches are exact and can be wider than an image distance: the search's
        // formats (beta_frac_bits, t) are sized for dist_width, so the engine drops low bits.
        engineDistShift = Math.max(0, sketchDistWidth - distWidth);
    }

    /** Auto block pooling: the divisor of the image side nearest side / 4, the larger on a tie. */
    static int autoBlockSide(int side) {
        int best = 1;
        for (int s = 1; s <= side; s++) {
            if (side % s == 0 && Math.abs(4 * s - side) <= Math.abs(4 * best - side)) {
                best = s;
            }
        }
        return best;
    }

    /** round(x / 2^s) half up, as nms.golden.Rounding.shiftHalfUp (config cannot depend on it). */
    private static long roundShift(long x, int s) {
        return s == 0 ? x : (x + (1L << (s - 1))) >> s;
    }

    /** Number of bits to hold v >= 0 (at least 1). */
    public static int bits(long v) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(v));
    }

    /** round(a * b / 2^shift), exact for a, b < 2^63 (128-bit intermediate), result < 2^63. */
    public static long mulRoundShift(long a, long b, int shift) {
        BigInteger p = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
        return p.add(BigInteger.ONE.shiftLeft(shift - 1)).shiftRight(shift).longValueExact();
    }

    Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("derived.beats_per_pair", Integer.toString(beats));
        m.put("derived.dist_width", Integer.toString(distWidth));
        m.put("derived.beta_frac_bits", Integer.toString(betaFracBits));
        m.put("derived.beta_width", Integer.toString(betaWidth));
        m.put("derived.log2e_q" + LOG2E_FRAC, Long.toString(log2e));
        m.put("derived.beta_log2e_width", Integer.toString(betaLog2eWidth));
        m.put("derived.t_width", tWidth + " (saturates at " + tSat + ")");
        m.put("derived.affinity_width", Integer.toString(affinityWidth));
        m.put("derived.exp_lut", "entries=" + expLutEntries + " width=" + expLutWidth
                + " frac=" + expLutFrac + " interp_bits=" + expInterpBits);
        m.put("derived.sum_a_width", Integer.toString(sumAWidth));
        m.put("derived.sum_ta_width", Integer.toString(sumTaWidth));
        m.put("derived.log_lut", "entries=" + logLutEntries + " width=" + logLutWidth
                + " frac=" + logLutFrac + " mantissa_bits=" + logMantissaBits);
        m.put("derived.log2_width", Integer.toString(log2Width));
        m.put("derived.dividend_width", Integer.toString(dividendWidth));
        m.put("derived.quotient_width", Integer.toString(quotientWidth));
        m.put("derived.entropy_width", Integer.toString(entropyWidth));
        m.put("derived.target_entropy_q", Long.toString(targetEntropy));
        m.put("derived.tolerance_q", Long.toString(tolerance));
        m.put("derived.iteration_width", Integer.toString(iterationWidth));
        m.put("derived.p_cond_width", Integer.toString(pCondWidth));
        m.put("derived.engine", "beat_width=" + beatWidth + " burst_len_width=" + burstLenWidth
                + " rows_width=" + rowsWidth + " host_record_width=" + hostRecordWidth
                + " anchors=" + engineAnchors + " anchor_index_width=" + anchorIndexWidth
                + " dram_addr_width=" + DRAM_ADDR_WIDTH);
        m.put("derived.sketch", "dims=" + sketchDims + " width=" + sketchWidth + " shift="
                + sketchShift + " acc_width=" + sketchAccWidth + " beats=" + sketchBeats
                + " dist_width=" + sketchDistWidth + " bits=" + sketchBits
                + (sketchBlock > 0 ? " block=" + sketchBlock + "x" + sketchBlock : ""));
        m.put("derived.knn", "k=" + knnK + " count_width=" + knnCountWidth + " dist_width="
                + knnDistWidth + " index_width=" + knnIndexWidth + " entry_width=" + knnEntryWidth
                + " array_bits=" + knnArrayBits);
        m.put("derived.engine_store", "word_width=" + storeWordWidth + " words=" + storeWords
                + " bits=" + storeBits + " dist_shift=" + engineDistShift);
        return m;
    }
}
