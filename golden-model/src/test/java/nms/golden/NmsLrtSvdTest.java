package nms.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import nms.config.ConfigException;
import nms.config.LrtFormats;
import nms.config.NmsConfig;
import nms.lrt.JacobiSvd;
import nms.lrt.StreamingKroneckerSum;
import org.junit.jupiter.api.Test;

/** nms_lrt_svd and nms_lrt_rotate (docs/ARITHMETIC.md sections 12.5, 12.6) and the integer chain. */
class NmsLrtSvdTest {
    private static NmsConfig lrt(String... sets) {
        List<String> all = new java.util.ArrayList<>(List.of("lrt=true"));
        all.addAll(List.of(sets));
        return NmsConfig.defaults().withAll(all);
    }

    @Test
    void theRomsMatchTheirDefinitions() {
        LrtFormats.SvdFormats s = lrt().lrtFormats().svd();
        for (int i = 0; i < s.iterations; i++) {
            assertEquals(Math.round(Math.atan(Math.scalb(1.0, -i)) * Math.scalb(1.0, s.af)), s.atan[i], "atan " + i);
        }
        double k = 1;
        for (int i = 0; i < s.iterations; i++) {
            k *= Math.sqrt(1 + Math.scalb(1.0, -2 * i));
        }
        assertEquals(Math.round(Math.scalb(1.0, s.mw) / k), s.kinv);
    }

    /** The stated bound: a CORDIC rotation is within 4 + iterations / 4 LSB of the exact rotation. */
    @Test
    void aRotationIsOrthogonalWithinTheStatedBound() {
        NmsConfig c = lrt();
        LrtFormats.SvdFormats s = c.lrtFormats().svd();
        NmsLrtSvd svd = new NmsLrtSvd(c, 1);
        SplittableRandom rnd = new SplittableRandom(3);
        double bound = 4 + s.iterations / 4.0;
        double worst = 0;
        for (int t = 0; t < 20000; t++) {
            long a = rnd.nextLong(-(1L << s.aBits + 2), 1L << s.aBits + 2);
            long b = rnd.nextLong(-(1L << s.aBits + 2), 1L << s.aBits + 2);
            long theta = rnd.nextLong(-(s.atan[0] + 1), s.atan[0] + 1); // |theta| <= pi/4
            long[] p = svd.rotate(a, b, theta);
            double th = Math.scalb((double) theta, -s.af);
            double ea = a * Math.cos(th) - b * Math.sin(th);
            double eb = a * Math.sin(th) + b * Math.cos(th);
            worst = Math.max(worst, Math.max(Math.abs(p[0] - ea), Math.abs(p[1] - eb)));
            // orthogonality: the norm is kept within the same bound
            double n0 = Math.hypot(a, b);
            double n1 = Math.hypot(p[0], p[1]);
            assertTrue(Math.abs(n1 - n0) <= 2 * bound, "norm " + n0 + " -> " + n1);
        }
        assertTrue(worst <= bound, "worst rotation error " + worst + " LSB, bound " + bound);
        assertTrue(worst >= 0.5, "a rotation this exact is suspicious: " + worst);
    }

    @Test
    void theHalfAngleZeroesTheColumnProduct() {
        NmsConfig c = lrt();
        LrtFormats.SvdFormats s = c.lrtFormats().svd();
        NmsLrtSvd svd = new NmsLrtSvd(c, 1);
        SplittableRandom rnd = new SplittableRandom(4);
        for (int t = 0; t < 5000; t++) {
            double x = rnd.nextDouble(-1, 1) * Math.scalb(1.0, 40);
            double y = rnd.nextDouble(-1, 1) * Math.scalb(1.0, 40);
            long theta = svd.halfAngle((long) x, (long) y);
            double exact = 0.5 * Math.atan(y / x);
            assertEquals(exact, Math.scalb((double) theta, -s.af), Math.scalb(1.0, -s.af) * (2 + s.iterations / 4.0));
        }
    }

    /** SVD of random matrices against JacobiSvd: singular values and vectors within 2^-(mw - 8) of s_max. */
    @Test
    void theSvdOfKnownMatricesMatchesJacobiSvdWithinTheFixedPointBound() {
        NmsConfig c = lrt();
        LrtFormats f = c.lrtFormats();
        LrtFormats.SvdFormats s = f.svd();
        NmsLrtSvd svd = new NmsLrtSvd(c, 1);
        SplittableRandom rnd = new SplittableRandom(9);
        int q = f.q;
        double worstS = 0;
        double worstV = 0;
        for (int t = 0; t < 300; t++) {
            long[][] m = new long[q][q];
            double[][] md = new double[q][q];
            int bits = 10 + rnd.nextInt(30);
            for (int i = 0; i < q; i++) {
                for (int j = 0; j < q; j++) {
                    m[i][j] = rnd.nextLong(-(1L << bits), 1L << bits);
                    md[i][j] = m[i][j];
                }
            }
            NmsLrtSvd.Decomposition d = svd.decompose(m);
            JacobiSvd.Svd ref = JacobiSvd.of(md);
            double smax = ref.s()[0];
            for (int k = 0; k < q; k++) {
                double got = Math.scalb((double) d.sv()[k], d.shift());
                worstS = Math.max(worstS, Math.abs(got - ref.s()[k]) / smax);
            }
            // vectors only where the singular value is separated from its neighbours
            for (int k = 0; k < q; k++) {
                double gap = Math.min(k == 0 ? 1 : (ref.s()[k - 1] - ref.s()[k]) / smax,
                        k == q - 1 ? 1 : (ref.s()[k] - ref.s()[k + 1]) / smax);
                if (gap < 0.05 || ref.s()[k] / smax < 0.05) {
                    continue;
                }
                for (int i = 0; i < q; i++) {
                    double gu = Math.scalb((double) d.u()[i][k], -s.uf);
                    double gv = Math.scalb((double) d.v()[i][k], -s.uf);
                    worstV = Math.max(worstV, Math.max(Math.abs(gu - ref.u()[i][k]), Math.abs(gv - ref.v()[i][k]))
                            * gap);
                }
            }
        }
        double bound = Math.scalb(1.0, -(s.mw - 8));
        assertTrue(worstS <= bound, "singular values off by " + worstS + " of s_max, bound " + bound);
        assertTrue(worstV <= bound, "vectors off by " + worstV + " (times the gap), bound " + bound);
    }

    /**
     * The unbiased mixing keeps the expectation: with M = T_u Cu (the mixing in the SVD's
     * coordinates), sum_i cx_i M[i][l]^2 = s_l for every l, the random signs cancelling the cross
     * terms; and the mixed rows of M are orthonormal (bounds as measured, docs/ARITHMETIC.md 12.5).
     */
    @Test
    void theUnbiasedMixingKeepsEachSingularValuesWeight() {
        NmsConfig c = lrt();
        LrtFormats f = c.lrtFormats();
        LrtFormats.SvdFormats s = f.svd();
        NmsLrtSvd svd = new NmsLrtSvd(c, 77);
        SplittableRandom rnd = new SplittableRandom(21);
        int mixedSeen = 0;
        double worstWeight = 0;
        double worstOrtho = 0;
        for (int t = 0; t < 200; t++) {
            long[] cx = new long[f.rank];
            long w = 1L << 30;
            for (int i = 0; i < f.rank; i++) {
                cx[i] = w;
                w = (long) (w * rnd.nextDouble(0.3, 1.0));
            }
            long[] au = new long[f.rank];
            long[] av = new long[f.rank];
            for (int i = 0; i < f.rank; i++) {
                au[i] = rnd.nextLong(-(1L << 14), 1L << 14);
                av[i] = rnd.nextLong(-(1L << 14), 1L << 14);
            }
            long nu = rnd.nextLong(1, 1L << 14);
            long nv = rnd.nextLong(1, 1L << 14);
            NmsLrtSvd.Result r = svd.update(au, nu, av, nv, cx);
            if (!r.mixed()) {
                continue;
            }
            mixedSeen++;
            int q = f.q;
            double one = Math.scalb(1.0, s.uf);
            double[][] m = new double[f.rank][q];
            for (int i = 0; i < f.rank; i++) {
                for (int l = 0; l < q; l++) {
                    for (int j = 0; j < q; j++) {
                        m[i][l] += r.tu()[i][j] / one * (r.svd().u()[j][l] / one);
                    }
                }
            }
            double smax = Math.scalb((double) r.svd().sv()[0], r.svd().shift());
            for (int l = 0; l < q; l++) {
                double got = 0;
                for (int i = 0; i < f.rank; i++) {
                    got += r.cx()[i] * m[i][l] * m[i][l];
                }
                double want = Math.scalb((double) r.svd().sv()[l], r.svd().shift());
                worstWeight = Math.max(worstWeight, Math.abs(want - got) / smax);
            }
            for (int i = r.mm(); i < f.rank; i++) {
                for (int j = r.mm(); j < f.rank; j++) {
                    double dot = 0;
                    for (int l = 0; l < q; l++) {
                        dot += m[i][l] * m[j][l];
                    }
                    worstOrtho = Math.max(worstOrtho, Math.abs((i == j ? 1 : 0) - dot));
                }
            }
        }
        assertTrue(mixedSeen > 100, "mixed samples " + mixedSeen);
        // measured 2.3e-5 and 2.6e-4: the mixed rows come from the smallest singular values, whose
        // fixed-point directions are the least precise
        assertTrue(worstWeight <= 1e-4, "weights off by " + worstWeight + " of s_max");
        assertTrue(worstOrtho <= 1e-3, "mixed rows off orthonormal by " + worstOrtho);
        assertTrue(worstOrtho > 0, "exactly orthonormal fixed-point rows are suspicious");
    }

    /**
     * nms_lrt_rotate with a selecting T: new row 0 is the normalised residual (against the double
     * Gram-Schmidt of the same codes), rows 1..r-1 the old rows 0..r-2 (same values within an
     * LSB); codes follow the exponent rule.
     */
    @Test
    void theRotationMovesRowsAndNormalisesTheResidual() {
        NmsConfig c = lrt("lrt_n=50", "lrt_m=8", "lrt_lanes=2");
        LrtFormats f = c.lrtFormats();
        LrtFormats.SvdFormats s = f.svd();
        NmsLrtProject project = new NmsLrtProject(c);
        NmsLrtRotate rotate = new NmsLrtRotate(c);
        SplittableRandom rnd = new SplittableRandom(8);
        int r = f.rank;
        int n = f.n;
        for (int t = 0; t < 50; t++) {
            // orthonormal rows (double Gram-Schmidt), then codes at their exponent
            double[][] b = new double[r][n];
            for (int i = 0; i < r; i++) {
                for (int k = 0; k < n; k++) {
                    b[i][k] = rnd.nextGaussian();
                }
                for (int j = 0; j < i; j++) {
                    double d = 0;
                    for (int k = 0; k < n; k++) {
                        d += b[i][k] * b[j][k];
                    }
                    for (int k = 0; k < n; k++) {
                        b[i][k] -= d * b[j][k];
                    }
                }
                double nn = 0;
                for (double x : b[i]) {
                    nn += x * x;
                }
                for (int k = 0; k < n; k++) {
                    b[i][k] /= Math.sqrt(nn);
                }
            }
            double max = 0;
            for (double[] row : b) {
                for (double x : row) {
                    max = Math.max(max, Math.abs(x));
                }
            }
            int e = 0;
            while (e < 15 && max * Math.scalb(1.0, e + 1) < 1) {
                e++;
            }
            long[][] codes = new long[r][n];
            double[][] bq = new double[r][n];
            for (int i = 0; i < r; i++) {
                for (int k = 0; k < n; k++) {
                    codes[i][k] = Math.round(Math.scalb(b[i][k], f.basisFrac + e));
                    bq[i][k] = Math.scalb((double) codes[i][k], -(f.basisFrac + e));
                }
            }
            long[] x = new long[n];
            for (int k = 0; k < n; k++) {
                x[k] = rnd.nextLong(-256, 256);
            }
            NmsLrtProject.Side p = project.side(codes, x, e, n);
            long one = 1L << s.uf;
            long[][] tm = new long[r][f.q];
            tm[0][r] = one;
            for (int i = 1; i < r; i++) {
                tm[i][i - 1] = one;
            }
            NmsLrtRotate.Result out = rotate.rotate(codes, e, x, p.coef(), p.norm(), tm);
            // the double residual of the same codes
            double[] res = new double[n];
            for (int k = 0; k < n; k++) {
                res[k] = x[k];
            }
            for (int i = 0; i < r; i++) {
                double d = 0;
                for (int k = 0; k < n; k++) {
                    d += bq[i][k] * x[k];
                }
                for (int k = 0; k < n; k++) {
                    res[k] -= d * bq[i][k];
                }
            }
            double rn = 0;
            for (double v : res) {
                rn += v * v;
            }
            rn = Math.sqrt(rn);
            double lsb = Math.scalb(1.0, -(f.basisFrac + out.exp()));
            long big = 0;
            for (int k = 0; k < n; k++) {
                assertEquals(res[k] / rn, out.basis()[0][k] * lsb, 2e-3, "residual element " + k);
                for (int i = 1; i < r; i++) {
                    assertEquals(bq[i - 1][k], out.basis()[i][k] * lsb, lsb, "moved row " + i);
                }
                for (int i = 0; i < r; i++) {
                    big = Math.max(big, Math.abs(out.basis()[i][k]));
                }
            }
            // the largest e with max |value| 2^(e+1) < 1: codes below 2^(bf-1), at least 2^(bf-2); e = 0 takes what is left
            assertTrue((out.exp() == 0 || big < 1L << (f.basisFrac - 1)) && big >= 1L << (f.basisFrac - 2),
                    "exponent rule: max code " + big + " at e = " + out.exp());
        }
    }

    @Test
    void theLfsrGivesTheSpecsFirstValues() {
        NmsLrtSvd.Lfsr l = new NmsLrtSvd.Lfsr(1);
        StringBuilder bits = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            bits.append(l.next() ? '1' : '0');
        }
        // docs/ARITHMETIC.md 12.5: from state 1, the first 40 output bits
        assertEquals("1101101101101101101101000101000111100111", bits.toString());
        // against an independent statement of the Galois step: bit 0 out, shift, toggle taps 32, 22, 2, 1
        int state = NmsLrtSvd.Lfsr.seed(7, 2);
        NmsLrtSvd.Lfsr g = new NmsLrtSvd.Lfsr(state);
        long st = state & 0xFFFFFFFFL;
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            boolean out = (st & 1) == 1;
            st >>>= 1;
            if (out) {
                st ^= (1L << 31) | (1L << 21) | (1L << 1) | 1L;
            }
            assertEquals(out, g.next());
            assertTrue(st != 0 && seen.add(st), "the LFSR repeated or hit 0 after " + i + " steps");
        }
        assertEquals(NmsLrtSvd.Lfsr.seed(1, 0), NmsLrtSvd.Lfsr.seed(1, 0));
        assertTrue(NmsLrtSvd.Lfsr.seed(1, 0) != NmsLrtSvd.Lfsr.seed(1, 1));
    }

    @Test
    void settingsTheSvdCannotHoldAreRefusedNamingTheField() {
        ConfigException e = assertThrows(ConfigException.class, () -> lrt("lrt_svd_width=29"));
        assertTrue(e.getMessage().contains("lrt_svd_width"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> lrt("lrt_svd_sweeps=0"));
        assertTrue(e.getMessage().contains("lrt_svd_sweeps"), e.getMessage());
        // the project and write units still accept this; the SVD and rotate units refuse it
        NmsConfig wide = lrt("lrt_basis_width=24", "lrt_svd_width=28");
        e = assertThrows(ConfigException.class, () -> wide.lrtFormats().svd());
        assertTrue(e.getMessage().contains("nms_lrt_rotate's accumulator") && e.getMessage().contains("lrt_svd_width"),
                e.getMessage());
        assertThrows(ConfigException.class, () -> new LrtIntegerChain(wide, 1));
        assertEquals(lrt().hash(), lrt("lrt_svd_sweeps=6", "lrt_svd_width=24", "lrt_unbiased=true").hash());
        e = assertThrows(ConfigException.class, () -> lrt("lrt_unbiased=maybe"));
        assertTrue(e.getMessage().contains("lrt_unbiased must be true or false"), e.getMessage());
    }

    /** The whole integer chain against the double SKS on the same code stream: estimates agree. */
    @Test
    void theIntegerChainStaysCloseToTheDoubleReference() {
        for (boolean unbiased : new boolean[] {false, true}) {
            NmsConfig c = lrt("lrt_n=40", "lrt_m=12", "lrt_lanes=4", "lrt_unbiased=" + unbiased);
            LrtIntegerChain chain = new LrtIntegerChain(c, 5);
            StreamingKroneckerSum ref = new StreamingKroneckerSum(40, 12, 4,
                    unbiased ? StreamingKroneckerSum.Variant.UNBIASED : StreamingKroneckerSum.Variant.BIASED,
                    100, 16, 5);
            SplittableRandom rnd = new SplittableRandom(11);
            // a stream of rank 3 plus noise: mostly in span, as gradients are
            double[][] du = new double[3][40];
            double[][] dv = new double[3][12];
            for (double[] r : du) {
                for (int k = 0; k < r.length; k++) {
                    r[k] = rnd.nextDouble(0, 60);
                }
            }
            for (double[] r : dv) {
                for (int k = 0; k < r.length; k++) {
                    r[k] = rnd.nextDouble(-40, 40);
                }
            }
            double[] sum = new double[40 * 12];
            for (int t = 0; t < 60; t++) {
                long[] u = new long[40];
                long[] v = new long[12];
                double[] ud = new double[40];
                double[] vd = new double[12];
                int a = rnd.nextInt(3);
                double w = rnd.nextDouble(0.2, 1);
                for (int k = 0; k < 40; k++) {
                    u[k] = Math.max(-256, Math.min(255, Math.round(du[a][k] * w + rnd.nextDouble(-2, 2))));
                    ud[k] = u[k];
                }
                for (int k = 0; k < 12; k++) {
                    v[k] = Math.max(-256, Math.min(255, Math.round(dv[a][k] + rnd.nextDouble(-2, 2))));
                    vd[k] = v[k];
                }
                boolean took = chain.add(u, v);
                boolean refTook = ref.add(ud, vd);
                for (int i = 0; i < 40; i++) {
                    for (int j = 0; j < 12; j++) {
                        sum[i * 12 + j] += ud[i] * vd[j];
                    }
                }
                if (!unbiased) {
                    assertEquals(refTook, took, "kappa decision at pair " + t);
                }
            }
            double[] gi = estimate(chain, c.lrtFormats());
            double[] gr = ref.estimate();
            double diff = 0;
            double norm = 0;
            double errRef = 0;
            for (int i = 0; i < gi.length; i++) {
                diff += (gi[i] - gr[i]) * (gi[i] - gr[i]);
                norm += gr[i] * gr[i];
                errRef += (gr[i] - sum[i]) * (gr[i] - sum[i]);
            }
            double rel = Math.sqrt(diff / norm);
            double refRel = Math.sqrt(errRef / norm);
            assertTrue(rel < (unbiased ? Math.max(0.05, 2 * refRel) : 0.01),
                    (unbiased ? "unbiased" : "biased") + ": integer vs double " + rel + ", double vs exact sum " + refRel);
            assertTrue(chain.pairs() == 60 && chain.rotations() > 0);
        }
    }

    /** The estimate sum_i cx_i Uhat_i Vhat_i^T in code units. */
    static double[] estimate(LrtIntegerChain chain, LrtFormats f) {
        long[][] bu = chain.basisUCodes();
        long[][] bv = chain.basisVCodes();
        long[] cx = chain.weightCodes();
        double[] out = new double[f.n * f.m];
        for (int i = 0; i < f.rank; i++) {
            double w = Math.scalb((double) cx[i], -2 * LrtFormats.GUARD);
            for (int a = 0; a < f.n; a++) {
                double x = Math.scalb((double) bu[i][a], -(f.basisFrac + chain.expU())) * w;
                for (int b = 0; b < f.m; b++) {
                    out[a * f.m + b] += x * Math.scalb((double) bv[i][b], -(f.basisFrac + chain.expV()));
                }
            }
        }
        return out;
    }
}
