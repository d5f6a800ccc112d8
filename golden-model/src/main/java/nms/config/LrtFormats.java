package nms.config;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Widths and constants of the LRT units (docs/ARITHMETIC.md section 12), derived from the
 * {@code lrt_*} fields. Golden twins ({@code nms.lrt.NmsLrtProject}, {@code nms.lrt.NmsLrtWrite})
 * and the emitter read these; neither computes a width of its own. A value that would not fit a
 * Java long (and so the RTL's widths) is refused here, naming the fields that set it.
 *
 * <p>All signed values are two's complement; "max" is the largest magnitude.
 */
public final class LrtFormats {
    /** Guard fraction bits of the projection coefficients and residual norm (below one input step). */
    public static final int GUARD = 4;
    /** Bits of a basis matrix's power-of-two exponent e (0 .. 2^EXP_WIDTH - 1). */
    public static final int EXP_WIDTH = 4;

    public final int rank;
    public final int q;
    public final int n;
    public final int m;
    public final int lanes;
    public final int basisWidth;
    /** Fraction bits of a basis or factor code: basis_width - 1. */
    public final int basisFrac;
    public final int inputWidth;
    public final long kappa;
    public final int kappaWidth;
    // nms_lrt_project
    public final int beatsU;
    public final int beatsV;
    public final int beatsPerSample;
    /** Largest |code * x| of one MAC and its signed width. */
    public final long productMax;
    public final int productWidth;
    /** Largest |P| = |sum_k code_k x_k| over max(n, m) elements and its signed width. */
    public final long dotMax;
    public final int dotWidth;
    /** Largest sum x_k^2 and its (unsigned) width. */
    public final long normSqMax;
    public final int normSqWidth;
    /** Largest |p| = round(|P| / 2^(basis_frac + e - GUARD)) (at e = 0), signed width. */
    public final long coefMax;
    public final int coefWidth;
    /** Width of sum_i p_i^2 over r rows. */
    public final int sumSqWidth;
    /** Largest N * 2^(2 GUARD), the residual's squared norm bound, and its width. */
    public final long resSqMax;
    public final int resSqWidth;
    /** isqrt iterations (one result bit each): ceil(res_sq_width / 2). */
    public final int isqrtSteps;
    public final long normMax;
    public final int normWidth;
    /** Width of kappa * |res_u| * |res_v| and of the cx0 input compared with it. */
    public final int kappaProdWidth;
    public final int cx0Width;
    // nms_lrt_write
    public final int weightBits;
    public final long weightMin;
    public final long weightMax;
    /** Largest |sum_k a_k b_k| over r factor columns and its signed width. */
    public final long cellDotMax;
    public final int cellDotWidth;
    /** Right shift from the cell dot product to weight steps: lr_shift + 2 basis_frac - (weight_bits - 1). */
    public final int writeShift;
    public final long cells;
    public final int countWidth;
    /** A write happens when the changed cells exceed this: floor(min_density_ppm * cells / 10^6). */
    public final long densityThreshold;

    LrtFormats(NmsConfig c) {
        rank = c.lrtRank();
        q = rank + 1;
        n = c.lrtN();
        m = c.lrtM();
        lanes = c.lrtLanes();
        basisWidth = c.lrtBasisWidth();
        basisFrac = basisWidth - 1;
        inputWidth = c.lrtInputWidth();
        kappa = c.lrtKappa();
        kappaWidth = Formats.bits(kappa);
        int maxLen = Math.max(n, m);
        if (lanes > maxLen) {
            throw new ConfigException("lrt_lanes = " + lanes + " must not exceed max(lrt_n, lrt_m) = "
                    + maxLen);
        }
        if (basisFrac - GUARD < 1) {
            throw new ConfigException("lrt_basis_width = " + basisWidth + " must be at least "
                    + (GUARD + 2) + " (the coefficients keep " + GUARD + " guard bits below the"
                    + " basis fraction)");
        }
        beatsU = (n + lanes - 1) / lanes;
        beatsV = (m + lanes - 1) / lanes;
        beatsPerSample = beatsU + beatsV;

        productMax = 1L << (basisFrac + inputWidth - 1);
        productWidth = Formats.bits(productMax) + 1;
        dotMax = (long) maxLen * productMax;
        dotWidth = Formats.bits(dotMax) + 1;
        normSqMax = (long) maxLen << (2 * (inputWidth - 1));
        normSqWidth = Formats.bits(normSqMax);
        int s0 = basisFrac - GUARD;
        coefMax = (dotMax + (1L << (s0 - 1))) >> s0;
        coefWidth = Formats.bits(coefMax) + 1;
        BigInteger sumSq = BigInteger.valueOf(coefMax).pow(2).multiply(BigInteger.valueOf(rank));
        BigInteger resSq = BigInteger.valueOf(normSqMax).shiftLeft(2 * GUARD);
        int need = Math.max(sumSq.bitLength(), resSq.bitLength());
        if (need > Formats.MAX_WIDTH - 1) {
            throw new ConfigException("nms_lrt_project's squared norms need " + need + " bits"
                    + " (lrt_n/lrt_m = " + maxLen + ", lrt_input_width = " + inputWidth
                    + ", lrt_basis_width = " + basisWidth + ", lrt_rank = " + rank + "), more than "
                    + (Formats.MAX_WIDTH - 1) + "; reduce one of them");
        }
        sumSqWidth = sumSq.bitLength();
        resSqMax = resSq.longValueExact();
        resSqWidth = Formats.bits(resSqMax);
        isqrtSteps = (resSqWidth + 1) / 2;
        normMax = BigInteger.valueOf(resSqMax).sqrt().longValueExact();
        normWidth = Formats.bits(normMax);
        BigInteger kp = BigInteger.valueOf(kappa).multiply(BigInteger.valueOf(normMax).pow(2));
        if (kp.bitLength() > Formats.MAX_WIDTH - 1) {
            throw new ConfigException("lrt_kappa = " + kappa + " times the largest residual norms needs "
                    + kp.bitLength() + " bits, more than " + (Formats.MAX_WIDTH - 1)
                    + "; reduce lrt_kappa, lrt_n/lrt_m or lrt_input_width");
        }
        kappaProdWidth = kp.bitLength();
        cx0Width = kappaProdWidth;

        weightBits = c.lrtWeightBits();
        weightMin = -(1L << (weightBits - 1));
        weightMax = (1L << (weightBits - 1)) - 1;
        cellDotMax = (long) rank << (2 * basisFrac);
        cellDotWidth = Formats.bits(cellDotMax) + 1;
        writeShift = c.lrtLrShift() + 2 * basisFrac - (weightBits - 1);
        if (writeShift < 1) {
            throw new ConfigException("lrt_lr_shift + 2 * (lrt_basis_width - 1) - (lrt_weight_bits - 1) = "
                    + writeShift + " must be >= 1 (the update is rounded by a right shift);"
                    + " raise lrt_lr_shift or lrt_basis_width, or lower lrt_weight_bits");
        }
        if (writeShift > Formats.MAX_WIDTH - 2) {
            throw new ConfigException("nms_lrt_write's rounding shift " + writeShift + " exceeds "
                    + (Formats.MAX_WIDTH - 2) + "; lower lrt_lr_shift");
        }
        cells = (long) n * m;
        countWidth = Formats.bits(cells);
        densityThreshold = c.lrtMinDensityPpm() * cells / 1_000_000L;
    }

    Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("derived.lrt_project", "q=" + q + " beats_u=" + beatsU + " beats_v=" + beatsV
                + " dot_width=" + dotWidth + " norm_sq_width=" + normSqWidth + " coef_width=" + coefWidth
                + " res_sq_width=" + resSqWidth + " norm_width=" + normWidth + " isqrt_steps="
                + isqrtSteps + " cx0_width=" + cx0Width + " guard=" + GUARD + " exp_width=" + EXP_WIDTH);
        d.put("derived.lrt_write", "cell_dot_width=" + cellDotWidth + " write_shift=" + writeShift
                + " weight=[" + weightMin + ", " + weightMax + "] cells=" + cells + " count_width="
                + countWidth + " density_threshold=" + densityThreshold);
        return d;
    }
}
