package nms.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import nms.config.ConfigException;
import nms.config.LrtFormats;
import nms.config.NmsConfig;
import org.junit.jupiter.api.Test;

/** The LRT integer twins (docs/ARITHMETIC.md section 12) and their configuration fields. */
class NmsLrtTwinsTest {
    private static NmsConfig lrt(String... sets) {
        List<String> all = new java.util.ArrayList<>(List.of("lrt=true"));
        all.addAll(List.of(sets));
        return NmsConfig.defaults().withAll(all);
    }

    @Test
    void lrtFieldsAtTheirDefaultsKeepEveryEarlierHash() {
        NmsConfig d = NmsConfig.defaults();
        assertEquals(d.hash(), d.withAll(List.of("lrt=false", "lrt_rank=4", "lrt_n=400",
                "lrt_kappa=100", "lrt_weight_bits=8")).hash());
        assertFalse(d.canonicalText().contains("lrt"), d.canonicalText());
        assertNotEquals(d.hash(), lrt().hash());
        assertNotEquals(lrt().hash(), lrt("lrt_rank=3").hash());
    }

    @Test
    void impossibleLrtSettingsAreRefusedNamingTheField() {
        String[][] cases = {
            {"lrt_lanes=64,lrt_n=9,lrt_m=16", "lrt_lanes = 64 must not exceed"},
            {"lrt_basis_width=5", "lrt_basis_width = 5 must be at least 6"},
            {"lrt_basis_width=6,lrt_lr_shift=0,lrt_weight_bits=16", "raise lrt_lr_shift"},
            {"lrt_n=65536,lrt_input_width=16,lrt_basis_width=24", "squared norms need"},
            {"lrt_kappa=1048576,lrt_n=1024,lrt_input_width=16", "reduce lrt_kappa"},
            {"lrt_rank=9", "lrt_rank = 9 is outside its range [1, 8]"},
        };
        for (String[] c : cases) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> lrt(c[0].split(",")), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
        ConfigException e = assertThrows(ConfigException.class,
                () -> NmsConfig.defaults().with("lrt", "maybe"));
        assertTrue(e.getMessage().contains("lrt must be true or false"), e.getMessage());
    }

    @Test
    void isqrtIsTheFloorSquareRoot() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int t = 0; t < 20000; t++) {
            long x = t < 1000 ? t : rnd.nextLong(1L << (1 + rnd.nextInt(62)));
            long want = BigInteger.valueOf(x).sqrt().longValueExact();
            assertEquals(want, NmsLrtProject.isqrt(x), "isqrt(" + x + ")");
        }
        assertEquals(3037000499L, NmsLrtProject.isqrt(Long.MAX_VALUE));
    }

    @Test
    void anExactUnitBasisLeavesTheOtherCoordinatesAsResidual() {
        NmsConfig c = lrt("lrt_n=10", "lrt_m=6", "lrt_lanes=2", "lrt_rank=3");
        LrtFormats f = c.lrtFormats();
        NmsLrtProject p = new NmsLrtProject(c);
        // Rows -e_i with code -2^basis_frac at e = 0 are exactly -1: p_i = -x_i * 2^GUARD.
        SplittableRandom rnd = new SplittableRandom(2);
        for (int t = 0; t < 200; t++) {
            long[][] bu = unitRows(f.rank, 10, f.basisFrac);
            long[][] bv = unitRows(f.rank, 6, f.basisFrac);
            long[] u = randomCodes(rnd, 10, f.inputWidth);
            long[] v = randomCodes(rnd, 6, f.inputWidth);
            NmsLrtProject.Result r = p.project(bu, u, 0, bv, v, 0, 0);
            long tailU = 0;
            for (int k = f.rank; k < 10; k++) {
                tailU += u[k] * u[k];
            }
            for (int i = 0; i < f.rank; i++) {
                assertEquals(-u[i] << LrtFormats.GUARD, r.u().coef()[i]);
            }
            assertEquals(BigInteger.valueOf(tailU << 2 * LrtFormats.GUARD).sqrt().longValueExact(),
                    r.u().norm());
            assertFalse(r.skip(), "cx0 = 0 never skips");
            long bound = f.kappa * r.u().norm() * r.v().norm();
            if (bound + 1 < 1L << f.cx0Width) {
                assertFalse(p.project(bu, u, 0, bv, v, 0, bound).skip(), "equal is not above");
                assertTrue(p.project(bu, u, 0, bv, v, 0, bound + 1).skip());
            }
        }
    }

    @Test
    void theBasisExponentScalesTheCoefficientsWithHalfAwayRounding() {
        NmsConfig c = lrt("lrt_n=4", "lrt_m=4", "lrt_lanes=1", "lrt_rank=1");
        LrtFormats f = c.lrtFormats();
        NmsLrtProject p = new NmsLrtProject(c);
        long[] x = {3, 0, 0, 0};
        // code 1 at e: P = 3, p = round(3 / 2^(frac + e - GUARD)).
        long[][] b = {{1, 0, 0, 0}};
        int s = f.basisFrac - LrtFormats.GUARD;
        assertEquals(Rounding.shiftHalfAway(3, s), p.side(b, x, 0, 4).coef()[0]);
        long[][] big = {{-(1L << f.basisFrac), 0, 0, 0}};
        assertEquals(-3L << (LrtFormats.GUARD - 2), p.side(big, x, 2, 4).coef()[0]);
        // s = basis_frac + 2: P / 2^s = 3/4 -> 1, 1/2 -> 1 and -1/2 -> -1 (ties away from zero).
        int e = LrtFormats.GUARD + 2;
        assertEquals(1, p.side(big, new long[] {-3, 0, 0, 0}, e, 4).coef()[0]);
        assertEquals(1, p.side(big, new long[] {-2, 0, 0, 0}, e, 4).coef()[0]);
        assertEquals(-1, p.side(big, new long[] {2, 0, 0, 0}, e, 4).coef()[0]);
        assertEquals(0, p.side(big, new long[] {1, 0, 0, 0}, e, 4).coef()[0]);
    }

    @Test
    void theWriteRoundsHalfToEvenClampsAndGatesOnDensity() {
        NmsConfig c = lrt("lrt_n=10", "lrt_m=10", "lrt_rank=1", "lrt_min_density_ppm=100000");
        LrtFormats f = c.lrtFormats();
        assertEquals(10, f.densityThreshold);
        NmsLrtWrite w = new NmsLrtWrite(c);
        long one = 1L << (f.writeShift / 2);
        long other = 1L << (f.writeShift - f.writeShift / 2); // one * other = 2^write_shift: delta 1
        long[][] u = new long[10][1];
        long[][] v = new long[10][1];
        long[] weights = new long[100];
        long[] writes = new long[100];
        // 10 nonzero cells (row 0) are not above 10 %: nothing written.
        u[0][0] = one;
        for (int j = 0; j < 10; j++) {
            v[j][0] = other;
        }
        assertEquals(0, w.attempt(u, v, weights, writes));
        assertArrayEquals(new long[100], writes);
        // 11 cells: written, each weight steps down by one.
        u[1][0] = one;
        v[1][0] = 0;
        for (int j = 2; j < 10; j++) {
            v[j][0] = 0;
        }
        u[2][0] = one;
        v[0][0] = other;
        v[1][0] = other;
        // rows 0..2 x cols 0..1 plus col 2..: count = 3 rows x 2 cols = 6, too few; widen
        for (int i = 3; i < 6; i++) {
            u[i][0] = one;
        }
        // rows 0..5 x cols 0..1 = 12 > 10
        weights[0] = f.weightMin;
        assertEquals(12, w.attempt(u, v, weights, writes));
        assertEquals(f.weightMin, weights[0], "clamped at the grid's bottom");
        assertEquals(-1, weights[1]);
        assertEquals(0, weights[2]);
        assertEquals(1, writes[0]);
        assertEquals(0, writes[2]);
        // Ties: dot = 2.5 and 3.5 steps round to 2 and 4, -2.5 to -2.
        assertEquals(26, f.writeShift);
        long[] half = {1L << 14};
        NmsLrtWrite.Cell h = w.cell(new long[] {5L << 11}, half, 0, true, false, false);
        assertEquals(2, h.delta());
        assertEquals(4, w.cell(new long[] {7L << 11}, half, 0, false, false, false).delta());
        assertEquals(-2, w.cell(new long[] {-5L << 11}, half, 0, false, false, false).delta());
        NmsLrtWrite.Cell z = w.cell(new long[] {1L << 11}, half, 0, false, false, false);
        assertEquals(0, z.delta(), "0.5 rounds to the even 0");
        assertEquals(3, z.count(), "three nonzero deltas since the first cell");
    }

    private static long[][] unitRows(int r, int len, int frac) {
        long[][] b = new long[r][len];
        for (int i = 0; i < r; i++) {
            b[i][i] = -(1L << frac);
        }
        return b;
    }

    private static long[] randomCodes(SplittableRandom rnd, int len, int width) {
        long[] x = new long[len];
        for (int k = 0; k < len; k++) {
            x[k] = rnd.nextLong(-(1L << (width - 1)), 1L << (width - 1));
        }
        return x;
    }
}
