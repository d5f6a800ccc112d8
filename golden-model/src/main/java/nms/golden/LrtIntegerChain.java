package nms.golden;

import nms.config.LrtFormats;
import nms.config.NmsConfig;

/**
 * The integer streaming Kronecker sum of one layer as the hardware runs it, sample by sample:
 * {@code nms_lrt_project} (coefficients, residual norms, kappa test), then for an accepted sample
 * {@code nms_lrt_svd} and {@code nms_lrt_rotate} on both sides (docs/ARITHMETIC.md sections
 * 12.2, 12.5, 12.6). State: rows 0..r-1 of both bases (codes and one exponent per side) and the
 * r weights cx (units 2^-(2 GUARD) u-step v-step). Not a unit itself: the composition of three.
 */
public final class LrtIntegerChain {
    private final LrtFormats f;
    private final NmsLrtProject project;
    private final NmsLrtSvd svd;
    private final NmsLrtRotate rotate;
    private long[][] basisU;
    private long[][] basisV;
    private int expU;
    private int expV;
    private long[] cx;
    private long pairs;
    private long skipped;
    private long mixed;
    private long saturated;
    private long clamped;
    private long rotations;

    public LrtIntegerChain(NmsConfig c, int lfsrSeed) {
        this.f = c.lrtFormats();
        f.svd(); // refuse a configuration the SVD and rotate units cannot hold before any sample
        this.project = new NmsLrtProject(c);
        this.svd = new NmsLrtSvd(c, lfsrSeed);
        this.rotate = new NmsLrtRotate(c);
        reset();
    }

    /** Zero bases (exponent EXP_MAX, the rule's value for an all-zero matrix) and weights. */
    public void reset() {
        basisU = new long[f.rank][f.n];
        basisV = new long[f.rank][f.m];
        expU = LrtFormats.expMax();
        expV = LrtFormats.expMax();
        cx = new long[f.rank];
    }

    /** Adds the pair (u, v) of input codes; false when the kappa test skipped it. */
    public boolean add(long[] u, long[] v) {
        pairs++;
        NmsLrtProject.Result p = project.project(basisU, u, expU, basisV, v, expV, cx[0]);
        if (p.skip()) {
            skipped++;
            return false;
        }
        NmsLrtSvd.Result d = svd.update(p.u().coef(), p.u().norm(), p.v().coef(), p.v().norm(), cx);
        NmsLrtRotate.Result ru = rotate.rotate(basisU, expU, u, p.u().coef(), p.u().norm(), d.tu());
        NmsLrtRotate.Result rv = rotate.rotate(basisV, expV, v, p.v().coef(), p.v().norm(), d.tv());
        basisU = ru.basis();
        expU = ru.exp();
        basisV = rv.basis();
        expV = rv.exp();
        cx = d.cx();
        mixed += d.mixed() ? 1 : 0;
        saturated += d.saturated() ? 1 : 0;
        clamped += ru.clamped() + rv.clamped();
        rotations += d.svd().rotations();
        return true;
    }

    public long[][] basisUCodes() {
        return copy(basisU);
    }

    public long[][] basisVCodes() {
        return copy(basisV);
    }

    public int expU() {
        return expU;
    }

    public int expV() {
        return expV;
    }

    public long[] weightCodes() {
        return cx.clone();
    }

    private static long[][] copy(long[][] m) {
        long[][] c = new long[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    public long pairs() {
        return pairs;
    }

    public long skipped() {
        return skipped;
    }

    /** Accepted samples that took the unbiased mixing. */
    public long mixed() {
        return mixed;
    }

    /** Accepted samples whose new cx saturated at cx0_width bits. */
    public long saturated() {
        return saturated;
    }

    /** Normalised residual elements clamped in nms_lrt_rotate. */
    public long clamped() {
        return clamped;
    }

    /** Jacobi rotations done (a pair whose angle rounds to 0 is not rotated). */
    public long rotations() {
        return rotations;
    }
}
