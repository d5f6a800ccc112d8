package nms.vectors;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nms.config.LrtFormats;
import nms.config.NmsConfig;
import nms.golden.NmsLrtProject;
import nms.golden.NmsLrtRotate;
import nms.golden.NmsLrtWrite;

/**
 * Vector files of the LRT units (docs/ARITHMETIC.md sections 8 and 12): the caller supplies
 * integer inputs (codes from real training, made by the experiments' generator), the twins
 * compute every expected output. Signed values are written in two's complement of their port
 * width; packed elements have element 0 in the least significant bits.
 */
public final class LrtVectors {
    public static final String GENERATOR = "nms.vectors.LrtVectors";

    private final LrtFormats f;
    private final NmsLrtProject project;
    private final NmsLrtWrite write;
    private final VectorFile projectFile;
    private final VectorFile writeFile;
    private final NmsLrtRotate rotate;
    private final VectorFile rotateFile;
    private long rotateSides;
    private long skips;
    private long attempts;
    private long committed;

    public LrtVectors(NmsConfig c, String source) {
        if (!c.lrt()) {
            throw new IllegalArgumentException("LRT vectors need a configuration with lrt = true");
        }
        this.f = c.lrtFormats();
        this.project = new NmsLrtProject(c);
        this.write = new NmsLrtWrite(c);
        int ew = LrtFormats.EXP_WIDTH;
        projectFile = header(new VectorFile("nms_lrt_project"), c, source)
                .port("u_i", f.n * f.inputWidth).port("v_i", f.m * f.inputWidth)
                .port("basis_u_i", f.rank * f.n * f.basisWidth)
                .port("basis_v_i", f.rank * f.m * f.basisWidth)
                .port("exp_u_i", ew).port("exp_v_i", ew).port("cx0_i", f.cx0Width)
                .port("au_o", f.rank * f.coefWidth).port("nu_o", f.normWidth)
                .port("av_o", f.rank * f.coefWidth).port("nv_o", f.normWidth).port("skip_o", 1);
        int fw = f.rank * f.basisWidth;
        writeFile = header(new VectorFile("nms_lrt_write"), c, source)
                .port("in_first_i", 1).port("in_last_i", 1).port("in_commit_i", 1)
                .port("a_i", fw).port("b_i", fw).port("w_i", f.weightBits)
                .port("delta_o", f.weightBits).port("w_o", f.weightBits).port("we_o", 1)
                .port("count_o", f.countWidth).port("gate_o", 1);
        if (svdHolds(f)) {
            rotate = new NmsLrtRotate(c);
            rotateFile = header(new VectorFile("nms_lrt_rotate"), c, source);
            for (String[] p : rotatePorts(f)) {
                rotateFile.port(p[0], Integer.parseInt(p[1]));
            }
        } else {
            rotate = null;
            rotateFile = null;
        }
    }

    /** Whether the SVD formats (and so nms_lrt_rotate) exist for these formats. */
    public static boolean svdHolds(LrtFormats f) {
        try {
            f.svd();
            return true;
        } catch (nms.config.ConfigException e) {
            return false;
        }
    }

    /** nms_lrt_rotate's vector columns (name, width): one row per beat of a pass. */
    public static List<String[]> rotatePorts(LrtFormats f) {
        int l = f.lanes;
        int r = f.rank;
        List<String[]> p = new ArrayList<>();
        for (Object[] x : new Object[][] {{"in_first_i", 1}, {"in_last_i", 1}, {"in_pass_i", 1},
                {"x_i", l * f.inputWidth}, {"basis_i", r * l * f.basisWidth}, {"exp_i", LrtFormats.EXP_WIDTH},
                {"coef_i", r * f.coefWidth}, {"norm_i", f.normWidth}, {"t_i", r * f.q * f.svd().rotationWidth},
                {"code_o", r * l * f.basisWidth}, {"exp_o", LrtFormats.EXP_WIDTH},
                {"clamped_o", nms.config.Formats.bits(l)}}) {
            p.add(new String[] {(String) x[0], Integer.toString((Integer) x[1])});
        }
        return p;
    }

    /**
     * The beats of one side update of nms_lrt_rotate (pass 0, then pass 1; ceil(len / lanes) beats
     * each, lanes past the end 0): each row the inputs then the expected outputs in
     * {@link #rotatePorts} order, all from the twin's result {@code res}.
     */
    public static List<BigInteger[]> rotateRows(LrtFormats f, NmsLrtRotate twin, NmsLrtRotate.Result res,
                                                long[][] basis, int exp, long[] x, long[] coef, long norm,
                                                long[][] t) {
        int l = f.lanes;
        int r = f.rank;
        int len = x.length;
        int beats = (len + l - 1) / l;
        int tw = f.svd().rotationWidth;
        long[] tFlat = new long[r * f.q];
        for (int i = 0; i < r; i++) {
            System.arraycopy(t[i], 0, tFlat, i * f.q, f.q);
        }
        List<BigInteger[]> rows = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (int b = 0; b < beats; b++) {
                long[] xl = new long[l];
                long[] bl = new long[r * l];
                long[] cl = new long[r * l];
                int clamped = 0;
                int end = Math.min(len, (b + 1) * l) - 1;
                for (int k = 0; k < l; k++) {
                    int at = b * l + k;
                    if (at >= len) {
                        continue;
                    }
                    xl[k] = x[at];
                    clamped += res.clampedAt()[at] ? 1 : 0;
                    for (int i = 0; i < r; i++) {
                        bl[i * l + k] = basis[i][at];
                        cl[i * l + k] = pass == 1 ? res.basis()[i][at] : 0;
                    }
                }
                int expOut = pass == 1 ? res.exp() : twin.exponent(res.maxUpTo()[end]);
                rows.add(new BigInteger[] {bit(b == 0), bit(b == beats - 1), bit(pass == 1),
                        pack(xl, f.inputWidth), pack(bl, f.basisWidth), BigInteger.valueOf(exp),
                        pack(coef, f.coefWidth), BigInteger.valueOf(norm), pack(tFlat, tw),
                        pack(cl, f.basisWidth), BigInteger.valueOf(expOut), BigInteger.valueOf(clamped)});
            }
        }
        return rows;
    }

    /** One side update of nms_lrt_rotate (both passes' rows); returns the twin's result. */
    public NmsLrtRotate.Result rotateSide(long[][] basis, int exp, long[] x, long[] coef, long norm, long[][] t) {
        if (rotate == null) {
            throw new IllegalStateException("this configuration has no nms_lrt_rotate (the SVD formats refuse it)");
        }
        NmsLrtRotate.Result res = rotate.rotate(basis, exp, x, coef, norm, t);
        for (BigInteger[] row : rotateRows(f, rotate, res, basis, exp, x, coef, norm, t)) {
            rotateFile.rowBig(row);
        }
        rotateSides++;
        return res;
    }

    public long rotateSides() {
        return rotateSides;
    }

    public VectorFile rotateFile() {
        return rotateFile;
    }

    private static VectorFile header(VectorFile v, NmsConfig c, String source) {
        return v.manifest("config_hash", c.hash()).manifest("seed", Long.toString(c.seed()))
                .manifest("dataset", source).manifest("generator", GENERATOR);
    }

    /** One sample of nms_lrt_project; returns the twin's result. */
    public NmsLrtProject.Result sample(long[][] basisU, long[] u, int expU, long[][] basisV, long[] v,
                                       int expV, long cx0) {
        NmsLrtProject.Result r = project.project(basisU, u, expU, basisV, v, expV, cx0);
        if (r.skip()) {
            skips++;
        }
        projectFile.rowBig(pack(u, f.inputWidth), pack(v, f.inputWidth), pack(basisU, f.basisWidth),
                pack(basisV, f.basisWidth), BigInteger.valueOf(expU), BigInteger.valueOf(expV),
                BigInteger.valueOf(cx0), pack(r.u().coef(), f.coefWidth), BigInteger.valueOf(r.u().norm()),
                pack(r.v().coef(), f.coefWidth), BigInteger.valueOf(r.v().norm()),
                BigInteger.valueOf(r.skip() ? 1 : 0));
        return r;
    }

    /**
     * One write attempt of nms_lrt_write (count pass, then commit pass) on factor codes U (n x r),
     * V (m x r) and weight codes (n * m, row-major, updated in place). Returns the cells written.
     */
    public long attempt(long[][] u, long[][] v, long[] weights) {
        attempts++;
        long written = 0;
        for (int pass = 0; pass < 2; pass++) {
            boolean commit = pass == 1;
            for (int i = 0; i < f.n; i++) {
                for (int j = 0; j < f.m; j++) {
                    int c = i * f.m + j;
                    boolean first = c == 0;
                    boolean last = c == f.cells - 1;
                    NmsLrtWrite.Cell r = write.cell(u[i], v[j], weights[c], first, last, commit);
                    writeFile.rowBig(bit(first), bit(last), bit(commit), pack(u[i], f.basisWidth),
                            pack(v[j], f.basisWidth), signed(weights[c], f.weightBits),
                            signed(r.delta(), f.weightBits), signed(r.weight(), f.weightBits),
                            bit(r.writeEnable()), BigInteger.valueOf(r.count()), bit(r.gate()));
                    if (commit) {
                        weights[c] = r.weight();
                        written += r.writeEnable() ? 1 : 0;
                    }
                }
            }
        }
        if (written > 0) {
            committed++;
        }
        return written;
    }

    public int samples() {
        return projectFile.size();
    }

    public int cells() {
        return writeFile.size();
    }

    public long skips() {
        return skips;
    }

    public long attempts() {
        return attempts;
    }

    public long committed() {
        return committed;
    }

    public VectorFile projectFile() {
        return projectFile;
    }

    public VectorFile writeFile() {
        return writeFile;
    }

    /** Writes both files into {@code dir} (with a note of what they hold in the manifest). */
    public void write(Path dir) throws IOException {
        projectFile.manifest("skips", Long.toString(skips));
        writeFile.manifest("attempts", attempts + " (" + committed + " committed)");
        projectFile.write(dir);
        writeFile.write(dir);
        if (rotateFile != null && rotateFile.size() > 0) {
            rotateFile.manifest("sides", rotateSides + " (pass 0 and pass 1 each)");
            rotateFile.write(dir);
        }
    }

    static BigInteger bit(boolean b) {
        return b ? BigInteger.ONE : BigInteger.ZERO;
    }

    static BigInteger signed(long v, int width) {
        return BigInteger.valueOf(v).and(BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE));
    }

    static BigInteger pack(long[] x, int width) {
        return pack(new long[][] {x}, width);
    }

    /** Rows in order, row 0 in the least significant bits (bit by bit: linear in the bits). */
    static BigInteger pack(long[][] rows, int width) {
        int count = 0;
        for (long[] r : rows) {
            count += r.length;
        }
        long total = (long) count * width;
        byte[] bytes = new byte[(int) ((total + 7) / 8) + 1];
        long at = 0;
        for (long[] r : rows) {
            for (long x : r) {
                for (int b = 0; b < width; b++, at++) {
                    if ((x >> b & 1) != 0) {
                        bytes[bytes.length - 1 - (int) (at / 8)] |= (byte) (1 << (at % 8));
                    }
                }
            }
        }
        return new BigInteger(1, bytes);
    }
}
