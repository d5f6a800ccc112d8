package nms.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nms.config.LrtFormats;
import nms.config.NmsConfig;
import nms.golden.LrtIntegerChain;
import nms.golden.NmsLrtSvd;
import nms.golden.NmsLrtWrite;
import nms.lrt.MaxNorm;
import nms.lrt.WriteCounter;

/**
 * LRT with the integer SKS in the loop (docs/LRT.md section 9): every pixel's pair (a, dz) becomes
 * input codes, goes through the twins' chain {@code nms_lrt_project -> nms_lrt_svd ->
 * nms_lrt_rotate} ({@link LrtIntegerChain}), and every period the write is the twin
 * {@code nms_lrt_write} on the weight codes. What stays on the host, in double, is what section
 * 12.3 leaves to it: the factors' max-norm and the learning rate's mantissa.
 *
 * <p>Codes: {@code u = round(a 2^7)} (the 8-bit activation grid; {@code round(a 2^8)} for the
 * first layer, on the input quantizer's 2^-8 grid), {@code v = round(dz / wmult
 * 2^7)} (the gradient grid before the layer's power-of-two weight multiplier, which the host puts
 * back into V), clamped to lrt_input_width bits and counted when inexact. The write's learning
 * rate is {@code lr sqrt(samples)} as the reference's: {@code 2^-lrt_lr_shift} in the unit, with
 * {@code lrt_lr_shift = floor(log2(1 / (lr sqrt(B))))} per layer, and the mantissa
 * {@code lr sqrt(samples) 2^lrt_lr_shift} (0.5 .. 1 at the first attempt) folded into both
 * factors as its square root before they become codes.
 */
final class LrtIntUpdate implements WeightUpdate {
    private final NmsConfig config;
    private final LrtFormats f;
    private final LrtIntegerChain chain;
    private final NmsLrtWrite write;
    private final WriteCounter counter;
    private final MaxNorm normU = new MaxNorm();
    private final MaxNorm normV = new MaxNorm();
    private final double wmult;
    /** u code per unit of a: 2^7 (the activation grid), or 2^8 for the first layer (the input quantizer, 8-bit unsigned, clip 1). */
    private final double scaleU;
    private final double lr;
    private final int pseudoBatch;
    private final long period;
    private final int n;
    private final int m;
    private long pairStep;
    private double samplesSinceWrite;
    private long attempts;
    private long writes;
    private long inexactU;
    private long inexactV;
    private long clampedCodes;
    private long clampedFactors;

    /**
     * @param base a configuration whose seed, basis width and SVD fields apply; the layer's shape,
     *     rank, kappa, density and learning-rate shift are set here
     */
    LrtIntUpdate(NmsConfig base, WeightLayer layer, int rank, double kappa, int pseudoBatch, double lr,
                 double minDensity, boolean unbiased, int index) {
        if (kappa != Math.rint(kappa) || kappa < 1) {
            throw new IllegalArgumentException("lrt_int: kappa must be a whole number >= 1, got " + kappa);
        }
        this.n = layer.inputs();
        this.m = layer.outputs();
        this.wmult = layer.wmult();
        this.scaleU = index == 0 ? 1 << 8 : 1 << LrtHardwareVectors.INPUT_SHIFT;
        this.lr = lr;
        this.pseudoBatch = pseudoBatch;
        int pixels = layer.pixels();
        this.period = pixels == 1 ? pseudoBatch : (long) pseudoBatch * pixels + 13;
        double lr0 = lr * Math.sqrt(pseudoBatch);
        int shift = (int) Math.max(0, Math.floor(-Math.log(lr0) / Math.log(2)));
        this.config = base.withAll(List.of("lrt=true", "lrt_n=" + n, "lrt_m=" + m, "lrt_rank=" + rank,
                "lrt_kappa=" + (long) kappa, "lrt_min_density_ppm=" + Math.round(minDensity * 1e6),
                "lrt_lr_shift=" + shift, "lrt_unbiased=" + unbiased));
        this.f = config.lrtFormats();
        this.chain = new LrtIntegerChain(config, NmsLrtSvd.Lfsr.seed(base.seed(), index));
        this.write = new NmsLrtWrite(config);
        this.counter = new WriteCounter(n * m);
    }

    @Override
    public void apply(double[] a, double[] dz, int pixels, double[] weights) {
        long[] u = new long[n];
        long[] v = new long[m];
        double scaleV = (1 << LrtHardwareVectors.INPUT_SHIFT) / wmult;
        for (int p = 0; p < pixels; p++) {
            for (int k = 0; k < n; k++) {
                u[k] = code(a[p * n + k] * scaleU, true);
            }
            for (int k = 0; k < m; k++) {
                v[k] = code(dz[p * m + k] * scaleV, false);
            }
            chain.add(u, v);
            pairStep++;
            if (pairStep % period == 0) {
                tryWrite(weights);
            }
        }
    }

    private long code(double scaled, boolean isU) {
        long r = Math.round(scaled);
        if (r != scaled) {
            if (isU) {
                inexactU++;
            } else {
                inexactV++;
            }
        }
        long lo = -(1L << (f.inputWidth - 1));
        long hi = (1L << (f.inputWidth - 1)) - 1;
        if (r < lo || r > hi) {
            clampedCodes++;
            r = Math.max(lo, Math.min(hi, r));
        }
        return r;
    }

    private void tryWrite(double[] weights) {
        attempts++;
        samplesSinceWrite += pseudoBatch;
        int r = f.rank;
        double[][] fu = new double[n][r];
        double[][] fv = new double[m][r];
        long[][] bu = chain.basisUCodes();
        long[][] bv = chain.basisVCodes();
        long[] cx = chain.weightCodes();
        double input = Math.scalb(1.0, -LrtHardwareVectors.INPUT_SHIFT);
        double inputU = 1 / scaleU;
        for (int i = 0; i < r; i++) {
            double w = Math.sqrt(Math.scalb((double) cx[i], -2 * LrtFormats.GUARD));
            for (int k = 0; k < n; k++) {
                fu[k][i] = Math.scalb((double) bu[i][k], -(f.basisFrac + chain.expU())) * w * inputU;
            }
            for (int k = 0; k < m; k++) {
                fv[k][i] = Math.scalb((double) bv[i][k], -(f.basisFrac + chain.expV())) * w * input * wmult;
            }
        }
        normalise(normU, fu);
        normalise(normV, fv);
        double mantissa = lr * Math.sqrt(samplesSinceWrite) * Math.scalb(1.0, config.lrtLrShift());
        double g = Math.sqrt(mantissa) * Math.scalb(1.0, f.basisFrac);
        long[][] cu = factorCodes(fu, g);
        long[][] cv = factorCodes(fv, g);
        long[] w = new long[n * m];
        double step = Math.scalb(1.0, f.weightBits - 1);
        for (int c = 0; c < w.length; c++) {
            w[c] = Math.max(f.weightMin, Math.min(f.weightMax, Math.round(weights[c] * step)));
        }
        long[] before = w.clone();
        long[] cells = new long[n * m];
        long written = write.attempt(cu, cv, w, cells);
        if (written > 0) {
            for (int c = 0; c < w.length; c++) {
                if (cells[c] != 0) {
                    counter.add(c, cells[c]);
                }
                if (w[c] != before[c]) {
                    weights[c] = w[c] / step;
                }
            }
            chain.reset();
            samplesSinceWrite = 0;
            writes++;
        }
    }

    private long[][] factorCodes(double[][] x, double gain) {
        long lo = -(1L << f.basisFrac);
        long hi = (1L << f.basisFrac) - 1;
        long[][] c = new long[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = new long[x[i].length];
            for (int k = 0; k < x[i].length; k++) {
                long v = Math.round(x[i][k] * gain);
                if (v < lo || v > hi) {
                    clampedFactors++;
                    v = Math.max(lo, Math.min(hi, v));
                }
                c[i][k] = v;
            }
        }
        return c;
    }

    /** One divisor over the whole factor matrix, as the reference's max-norm (LowRankTrainer). */
    private static void normalise(MaxNorm norm, double[][] factor) {
        int rows = factor.length;
        int cols = rows == 0 ? 0 : factor[0].length;
        double[] flat = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(factor[i], 0, flat, i * cols, cols);
        }
        double d = norm.divisor(flat);
        for (double[] row : factor) {
            for (int j = 0; j < cols; j++) {
                row[j] /= d;
            }
        }
    }

    @Override
    public WriteCounter counter() {
        return counter;
    }

    /** r (n + m) basis codes, r weights and the two exponents (row r is never stored). */
    @Override
    public long memoryWords() {
        return (long) f.rank * (n + m) + f.rank + 2;
    }

    long attempts() {
        return attempts;
    }

    long writes() {
        return writes;
    }

    /** What the integer chain and the conversions did, for summary.csv. */
    Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("pairs", chain.pairs());
        c.put("skipped", chain.skipped());
        c.put("mixed", chain.mixed());
        c.put("jacobi_rotations", chain.rotations());
        c.put("cx_saturated", chain.saturated());
        c.put("residual_clamped", chain.clamped());
        c.put("inexact_u_codes", inexactU);
        c.put("inexact_v_codes", inexactV);
        c.put("clamped_codes", clampedCodes);
        c.put("clamped_factor_codes", clampedFactors);
        return c;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "lrt_int %d x %d, lr shift %d", n, m, config.lrtLrShift());
    }
}
