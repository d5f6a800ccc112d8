package nms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import nms.config.LrtFormats;
import nms.config.NmsConfig;
import nms.io.Summary;
import nms.rtl.RtlEmitter;
import nms.vectors.LrtVectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * nms_lrt_project and nms_lrt_write against their twins in Verilator (clean and stressed) and
 * Icarus, on seeded random inputs with the extremes of every range, at the corners of the LRT
 * configuration (rank 1 and 8, 1 and 8 lanes, 2- and 16-bit inputs, 6- and 24-bit bases, 2- and
 * 16-bit weights); then one output cell of each vector file is mutated and the bench must fail.
 * The real-training vectors run through {@code ./nms lrt}.
 */
class LrtVerilatorTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "lrt_n=9,lrt_m=16",
        "lrt_n=5,lrt_m=3,lrt_lanes=1,lrt_rank=1,lrt_input_width=2,lrt_basis_width=6,lrt_weight_bits=2,lrt_lr_shift=0,lrt_min_density_ppm=0",
        "lrt_n=70,lrt_m=33,lrt_lanes=8,lrt_rank=8,lrt_input_width=16,lrt_basis_width=24,lrt_weight_bits=16,lrt_kappa=3,lrt_min_density_ppm=500000",
    })
    void bothUnitsMatchTheirTwinsAndAMutatedVectorIsCaught(String sets) throws Exception {
        EngineVerilatorTest.require("verilator");
        EngineVerilatorTest.require("iverilog");
        List<String> all = new java.util.ArrayList<>(List.of("lrt=true"));
        all.addAll(List.of(sets.split(",")));
        NmsConfig c = NmsConfig.defaults().withAll(all);
        LrtFormats f = c.lrtFormats();
        LrtVectors v = new LrtVectors(c, "seeded random with extremes");
        SplittableRandom rnd = new SplittableRandom(11);
        boolean rotate = LrtVectors.svdHolds(f); // the 24-bit corner has no SVD formats, so no rotate unit
        nms.golden.NmsLrtSvd svd = rotate ? new nms.golden.NmsLrtSvd(c, 5) : null;
        for (int t = 0; t < 300; t++) {
            boolean unit = t % 3 == 0; // scaled unit rows: positive residuals
            long[][] bu = basis(rnd, f, f.n, unit);
            long[][] bv = basis(rnd, f, f.m, unit);
            long[] x = codes(rnd, f.n, f.inputWidth);
            long[] y = codes(rnd, f.m, f.inputWidth);
            int eu = unit ? 0 : rnd.nextInt(1 << LrtFormats.EXP_WIDTH);
            int ev = unit ? 0 : rnd.nextInt(1 << LrtFormats.EXP_WIDTH);
            nms.golden.NmsLrtProject.Result r0 = new nms.golden.NmsLrtProject(c).project(bu, x, eu, bv, y, ev, 0);
            long bound = f.kappa * r0.u().norm() * r0.v().norm();
            long max = (1L << f.cx0Width) - 1;
            long cx0 = switch (t % 4) {
                case 0 -> 0;
                case 1 -> Math.min(max, bound);
                case 2 -> Math.min(max, bound + 1);
                default -> rnd.nextLong(max) + 1;
            };
            v.sample(bu, x, eu, bv, y, ev, cx0);
            if (rotate && t < 40) {
                long[] cx = new long[f.rank];
                for (int i = 0; i < f.rank; i++) {
                    cx[i] = rnd.nextLong(max) + 1;
                }
                nms.golden.NmsLrtSvd.Result d = svd.update(r0.u().coef(), r0.u().norm(), r0.v().coef(),
                        r0.v().norm(), cx);
                // every fifth u side with norm 1: y at its clamp
                v.rotateSide(bu, eu, x, r0.u().coef(), t % 5 == 4 ? 1 : r0.u().norm(), d.tu());
                v.rotateSide(bv, ev, y, r0.v().coef(), r0.v().norm(), d.tv());
            }
        }
        long[] w = new long[(int) f.cells];
        for (int k = 0; k < w.length; k++) {
            w[k] = k % 7 == 0 ? f.weightMin : k % 7 == 1 ? f.weightMax : rnd.nextLong(f.weightMin, f.weightMax + 1);
        }
        int attempts = (int) Math.max(4, Math.min(20, 6000 / f.cells));
        for (int a = 0; a < attempts; a++) {
            // Factor magnitudes from tiny (no cell changes) to full scale (every cell, clamping).
            int bits = 1 + (int) ((long) f.basisFrac * a / (attempts - 1));
            v.attempt(factors(rnd, f.n, f, bits), factors(rnd, f.m, f, bits), w);
        }
        assertTrue(v.committed() >= 1 && v.committed() < attempts,
                "attempts both held back and written: " + v.committed() + " of " + attempts);
        Path rtl = dir.resolve("rtl");
        Path vec = dir.resolve("vectors");
        Files.createDirectories(vec);
        RtlEmitter.emit(c).writeTo(rtl);
        v.write(vec);
        String units = rotate ? LrtCommand.UNITS : LrtCommand.UNITS.replace(" nms_lrt_rotate", "");
        Summary s = VerifyCommand.verify(rtl, vec, dir.resolve("verify"),
                List.of("--units", units, "--stress", "0.3", "--seed", "3", "--icarus"));
        assertEquals("0", s.get("failed_runs"), s.toCsv());
        assertEquals("0", s.get("mismatches"), s.toCsv());
        assertEquals(rotate ? "9" : "6", s.get("runs"), "plain, stress, icarus per unit: " + s.toCsv());

        mutate(vec.resolve("nms_lrt_project.csv"), 7, "nu_o");
        mutate(vec.resolve("nms_lrt_write.csv"), 123, "w_o");
        if (rotate) {
            mutate(vec.resolve("nms_lrt_rotate.csv"), 2 * (f.beatsU) - 1, "code_o"); // u's last pass-1 beat
        }
        Summary bad = VerifyCommand.verify(rtl, vec, dir.resolve("verify-mutated"),
                List.of("--units", units, "--stress", "0"));
        assertEquals(rotate ? "3" : "2", bad.get("failed_runs"), bad.toCsv());
        assertNotEquals("0", bad.get("mismatches"), bad.toCsv());
    }

    /** Flips the lowest bit of column {@code port} in data row {@code row}. */
    static void mutate(Path file, int row, String port) throws Exception {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
        int header = 0;
        while (lines.get(header).startsWith("#")) {
            header++;
        }
        int col = List.of(lines.get(header).split(",")).indexOf(port);
        String[] cells = lines.get(header + 1 + row).split(",");
        String h = cells[col];
        int last = Character.digit(h.charAt(h.length() - 1), 16) ^ 1;
        cells[col] = h.substring(0, h.length() - 1) + Character.forDigit(last, 16);
        lines.set(header + 1 + row, String.join(",", cells));
        Files.write(file, lines);
    }

    private static long[][] basis(SplittableRandom rnd, LrtFormats f, int len, boolean unit) {
        long lo = -(1L << f.basisFrac);
        long hi = (1L << f.basisFrac) - 1;
        long[][] b = new long[f.rank][len];
        for (int i = 0; i < f.rank; i++) {
            for (int k = 0; k < len; k++) {
                if (unit) {
                    b[i][k] = k == i ? (rnd.nextBoolean() ? lo : hi) : 0;
                } else {
                    int pick = rnd.nextInt(10);
                    b[i][k] = pick == 0 ? lo : pick == 1 ? hi : rnd.nextLong(lo, hi + 1);
                }
            }
        }
        return b;
    }

    private static long[] codes(SplittableRandom rnd, int len, int width) {
        long lo = -(1L << (width - 1));
        long hi = (1L << (width - 1)) - 1;
        long[] x = new long[len];
        for (int k = 0; k < len; k++) {
            int pick = rnd.nextInt(10);
            x[k] = pick == 0 ? lo : pick == 1 ? hi : pick == 2 ? 0 : rnd.nextLong(lo, hi + 1);
        }
        return x;
    }

    private static long[][] factors(SplittableRandom rnd, int rows, LrtFormats f, int bits) {
        long[][] m = new long[rows][f.rank];
        long lim = Math.min(1L << bits, 1L << f.basisFrac);
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < f.rank; k++) {
                m[i][k] = rnd.nextLong(-lim, lim);
            }
        }
        return m;
    }
}
