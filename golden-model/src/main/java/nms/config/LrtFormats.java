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

    // nms_lrt_svd and nms_lrt_rotate (section 12.5, 12.6); null when the configuration cannot hold them
    private final SvdFormats svd;
    private final ConfigException svdRefusal;

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
        SvdFormats sv = null;
        ConfigException refusal = null;
        try {
            sv = new SvdFormats(this, c.lrtSvdSweeps(), c.lrtSvdWidth());
        } catch (ConfigException e) {
            refusal = e;
        }
        svd = sv;
        svdRefusal = refusal;
    }

    /**
     * The formats of {@code nms_lrt_svd} and {@code nms_lrt_rotate}. A configuration whose widths
     * they cannot hold is refused here, naming the fields, and only here: {@code nms_lrt_project}
     * and {@code nms_lrt_write} do not need them, so such a configuration still emits those.
     */
    public SvdFormats svd() {
        if (svdRefusal != null) {
            throw svdRefusal;
        }
        return svd;
    }

    /** Largest exponent of a basis matrix: 2^EXP_WIDTH - 1. */
    public static int expMax() {
        return (1 << EXP_WIDTH) - 1;
    }

    /**
     * Widths of the SVD and rotate units (docs/ARITHMETIC.md sections 12.5, 12.6). Names follow
     * the spec: {@code mw} the entry width, {@code uf = mw - 2} the fraction of singular-vector,
     * mixing and rotation entries (1.0 = 2^uf), {@code af = mw - 2} the CORDIC angle fraction.
     */
    public static final class SvdFormats {
        /** Extra low bits the CORDIC datapath keeps below an entry's LSB. */
        public static final int CORDIC_GUARD = 3;

        public final int sweeps;
        public final int mw;
        public final int uf;
        public final int af;
        public final int iterations;
        /** Entries of the block-normalised matrix are below 2^aBits: mw - 1 - bits(q). */
        public final int aBits;
        /** Largest |C_ij| = max(coef, norm)^2 + cx_max, its width. */
        public final int cWidth;
        public final long cxMax;
        /** Width of a column dot product (alpha, beta, gamma). */
        public final int dotWidth;
        /** Width of the CORDIC x/y registers. */
        public final int cordicWidth;
        /** atan(2^-i) * 2^af rounded half up, i = 0..iterations-1 (the angle ROM). */
        public final long[] atan;
        /** round(2^mw / K) with K = prod sqrt(1 + 2^-2i) over the iterations (gain compensation). */
        public final long kinv;
        /** A singular value below this (2^floor(mw / 3)) is zero. */
        public final long zero;
        /** Fraction of the normalised residual y of nms_lrt_rotate: basis_frac + GUARD; |y| < 2^yClamp. */
        public final int yFrac;
        public final int yClamp;
        /** Accumulator fraction of nms_lrt_rotate: uf + basis_frac + EXP_MAX, and its width. */
        public final int accFrac;
        public final int accWidth;
        /** Width of a signed rotation entry on nms_lrt_rotate's t_i: |T| <= q 2^uf. */
        public final int rotationWidth;
        /** Width of the residual e_k (units 2^-(GUARD + basis_frac) input steps). */
        public final int resWidth;
        /** Cycle model of nms_lrt_svd per non-skipped sample (section 12.5). */
        public final long svdCycles;
        /** Cycle model of nms_lrt_rotate per non-skipped sample, both sides (section 12.6). */
        public final long rotateCycles;

        SvdFormats(LrtFormats f, int sweeps, int mw) {
            this.sweeps = sweeps;
            this.mw = mw;
            uf = mw - 2;
            af = mw - 2;
            iterations = af;
            int qBits = Formats.bits(f.q);
            aBits = mw - 1 - qBits;
            long coef = Math.max(f.coefMax, f.normMax);
            cxMax = (1L << f.cx0Width) - 1;
            BigInteger cMax = BigInteger.valueOf(coef).pow(2).add(BigInteger.valueOf(cxMax));
            if (cMax.bitLength() > Formats.MAX_WIDTH - 2) {
                throw new ConfigException("nms_lrt_svd's matrix entries need " + (cMax.bitLength() + 1)
                        + " bits (lrt_n/lrt_m, lrt_input_width, lrt_basis_width, lrt_kappa), more than "
                        + (Formats.MAX_WIDTH - 1) + "; reduce one of them");
            }
            cWidth = cMax.bitLength() + 1;
            // |W_ik| < q 2^aBits < 2^(mw-1); a dot product of q such entries
            dotWidth = 2 * (mw - 1) + qBits + 1;
            cordicWidth = mw + CORDIC_GUARD + 2;
            if (dotWidth > Formats.MAX_WIDTH - 1 || 2 * mw + CORDIC_GUARD + 2 > Formats.MAX_WIDTH - 1) {
                throw new ConfigException("lrt_svd_width = " + mw + " with lrt_rank = " + f.rank
                        + " needs " + dotWidth + "-bit dot products; lower lrt_svd_width");
            }
            atan = new long[iterations];
            for (int i = 0; i < iterations; i++) {
                atan[i] = atanRom(i, af);
            }
            kinv = gainInverse(iterations, mw);
            zero = 1L << (mw / 3);
            yFrac = f.basisFrac + GUARD;
            yClamp = yFrac + 1;
            accFrac = uf + f.basisFrac + expMax();
            rotationWidth = Formats.bits((long) f.q << uf) + 1;
            // |T_ij| <= q 2^uf: r terms T b shifted by up to EXP_MAX, plus T y (2 q 2^acc_frac at most)
            BigInteger acc = BigInteger.valueOf((long) (f.q + 1) * f.q).shiftLeft(accFrac);
            if (acc.bitLength() + 1 > Formats.MAX_WIDTH - 1) {
                throw new ConfigException("nms_lrt_rotate's accumulator needs " + (acc.bitLength() + 1)
                        + " bits (lrt_svd_width = " + mw + ", lrt_basis_width = " + f.basisWidth
                        + ", lrt_rank = " + f.rank + "), more than " + (Formats.MAX_WIDTH - 1)
                        + "; lower lrt_svd_width or lrt_basis_width");
            }
            accWidth = acc.bitLength() + 1;
            // e_k = x << (GUARD + bf) - round(sum p b / 2^e): |x| < 2^(iw-1), |sum p b| < r coef 2^bf
            BigInteger res = BigInteger.ONE.shiftLeft(f.inputWidth - 1 + GUARD + f.basisFrac)
                    .add(BigInteger.valueOf(f.rank).multiply(BigInteger.valueOf(f.coefMax)).shiftLeft(f.basisFrac));
            resWidth = res.bitLength() + 1;
            if (resWidth + GUARD > Formats.MAX_WIDTH - 1) {
                throw new ConfigException("nms_lrt_rotate's residual needs " + (resWidth + GUARD)
                        + " bits (lrt_n/lrt_m, lrt_input_width, lrt_basis_width), more than "
                        + (Formats.MAX_WIDTH - 1));
            }
            int pairs = f.q * (f.q - 1) / 2;
            // per pair: q cycles of dot products, the vectoring CORDIC, the rotation CORDIC (all 2q
            // rows at once, one shared angle path), one gain-compensation cycle
            long perPair = f.q + 2L * iterations + 1;
            long finish = (long) f.q * f.q // column norms, one MAC per cycle
                    + f.q * (isqrtStepsOf(2 * (mw - 1) + qBits) + 0L)
                    + (long) f.q * f.q * (2L * mw) // q^2 divisions by a bit-serial divider
                    + 2L * f.rank * f.q * f.q // T = mix Cu^T, both sides, one MAC per cycle
                    + (long) (f.rank + 1) * (2L * uf + 2 * mw); // mixing: k + 1 fraction divisions and roots
            svdCycles = 1 + (long) sweeps * pairs * perPair + finish;
            // two passes per side (max, then codes), L elements per cycle
            rotateCycles = 2L * (f.beatsU + f.beatsV) + 4;
        }

        /** Extra bits of the ROM computations below the rounded result. */
        private static final int ROM_GUARD = 64;

        /** round_half_up(atan(2^-i) 2^frac), from the Taylor series (Machin's formula for i = 0), exact integers. */
        static long atanRom(int i, int frac) {
            int p = frac + ROM_GUARD;
            BigInteger a = i == 0
                    ? atanInv(5, p).shiftLeft(2).subtract(atanInv(239, p))
                    : atanPow2(i, p);
            return a.add(BigInteger.ONE.shiftLeft(ROM_GUARD - 1)).shiftRight(ROM_GUARD).longValueExact();
        }

        /** atan(2^-i) 2^p by its series, i >= 1 (terms fall by 4^-i). */
        private static BigInteger atanPow2(int i, int p) {
            BigInteger sum = BigInteger.ZERO;
            for (int n = 0; ; n++) {
                int e = p - i * (2 * n + 1);
                if (e < 0) {
                    return sum;
                }
                BigInteger term = BigInteger.ONE.shiftLeft(e).divide(BigInteger.valueOf(2L * n + 1));
                sum = n % 2 == 0 ? sum.add(term) : sum.subtract(term);
            }
        }

        /** atan(1/x) 2^p by its series. */
        private static BigInteger atanInv(long x, int p) {
            BigInteger sum = BigInteger.ZERO;
            BigInteger pow = BigInteger.ONE.shiftLeft(p).divide(BigInteger.valueOf(x));
            BigInteger x2 = BigInteger.valueOf(x * x);
            for (int n = 0; pow.signum() != 0; n++) {
                BigInteger term = pow.divide(BigInteger.valueOf(2L * n + 1));
                sum = n % 2 == 0 ? sum.add(term) : sum.subtract(term);
                pow = pow.divide(x2);
            }
            return sum;
        }

        /** round(2^frac / K), K = prod_{i < iterations} sqrt(1 + 2^-2i), from K^2 = prod (4^i + 1) / 4^i exactly. */
        static long gainInverse(int iterations, int frac) {
            BigInteger num = BigInteger.ONE;
            BigInteger den = BigInteger.ONE;
            for (int i = 0; i < iterations; i++) {
                num = num.multiply(BigInteger.ONE.shiftLeft(2 * i).add(BigInteger.ONE));
                den = den.shiftLeft(2 * i);
            }
            // (2^frac / K)^2 = 2^(2 frac) den / num; round(sqrt(y)) = (isqrt(4 y) + 1) >> 1
            BigInteger y4 = den.shiftLeft(2 * frac + 2 * ROM_GUARD + 2).divide(num);
            return y4.sqrt().add(BigInteger.ONE.shiftLeft(ROM_GUARD)).shiftRight(ROM_GUARD + 1).longValueExact();
        }

        private static int isqrtStepsOf(int width) {
            return (width + 1) / 2;
        }
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
        if (svd != null) {
            d.put("derived.lrt_svd", "sweeps=" + svd.sweeps + " width=" + svd.mw + " uf=" + svd.uf
                    + " cordic_iterations=" + svd.iterations + " a_bits=" + svd.aBits + " c_width=" + svd.cWidth
                    + " dot_width=" + svd.dotWidth + " kinv=" + svd.kinv + " zero=" + svd.zero
                    + " cycles=" + svd.svdCycles);
            d.put("derived.lrt_rotate", "y_frac=" + svd.yFrac + " acc_frac=" + svd.accFrac + " acc_width="
                    + svd.accWidth + " res_width=" + svd.resWidth + " cycles=" + svd.rotateCycles);
        }
        return d;
    }
}
