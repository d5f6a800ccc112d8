package nms.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import nms.config.LrtFormats;
import nms.config.NmsConfig;
import nms.golden.NmsLrtProject;
import nms.golden.NmsLrtSvd;
import nms.data.Images;
import nms.lrt.StreamingKroneckerSum;
import nms.vectors.LrtVectors;

/**
 * Vectors of the LRT units from real training (docs/ARITHMETIC.md section 12.4): the LRT network
 * of {@code ./nms train} pre-trains, then trains online with LRT on Fashion-MNIST test images;
 * per weight layer a tap takes one gradient pair per image (a convolution's pixels are spread by
 * taking every pixels-th pair) with the accumulator's state before it, turns it into codes, and
 * the twins give the expected outputs. Write attempts use the accumulator's factors at evenly
 * spaced points of the stream, max-normed into [-1, 1], with the layer's weights then.
 *
 * <p>Each layer's configuration is {@code base} with {@code lrt = true} and the layer's
 * {@code lrt_n} x {@code lrt_m} (a base's own shape is replaced), and {@code lrt_lanes} the
 * largest up to the base's whose beat padding ({@code ceil(n / L) + ceil(m / L)} beats for
 * {@code (n + m) / L} of work) costs at most 5 % (conv1's 9 x 16 takes 2 of 4 lanes: 13 beats for
 * 12.5, where 4 lanes would spend 7 for 6.25); lanes the shape cannot hold are kept, to be refused.
 *
 * <p>Conversions (doubles of the reference to the units' codes): u and v on the 2^-7 grid of the
 * network's 8-bit activations and gradients ({@code code = round(x * 128)}, clamped to the input
 * width; counted when inexact or clamped); a basis row set at the largest exponent e in 0..15
 * with {@code max |x| * 2^(basis_frac + e) < 2^basis_frac}; {@code cx0 = round(Cx[0] * 2^(14 + 2
 * GUARD))}, clamped to cx0_width bits; factor codes {@code round(x / max|x| * (2^basis_frac - 1))};
 * weights {@code round(w * 2^(weight_bits - 1))}.
 */
public final class LrtHardwareVectors {
    /** Exponent of the activation and gradient grid (step 2^-7). */
    static final int INPUT_SHIFT = 7;
    /** Accepted samples per layer whose two side updates become nms_lrt_rotate vectors (2 passes each). */
    static final int ROTATE_SAMPLES = 40;

    /** One layer's vectors and what the conversion saw. */
    public record Layer(String name, NmsConfig config, LrtVectors vectors, long inexact, long clamped,
                        long skipAgree, long referenceSkips) {}

    private LrtHardwareVectors() {}

    public static List<Layer> generate(NmsConfig base, Images trainPool, Images online, int pairsPerLayer,
                                       int pretrain, int writeRowsPerLayer, PrintStream progress) {
        OnlineExperiment.Settings s = OnlineExperiment.Settings.defaults().withSeed(base.seed())
                .withOnlineSamples(pairsPerLayer).withRank(base.lrtRank());
        OnlineExperiment exp = new OnlineExperiment(s);
        Map<String, Tap> taps = new LinkedHashMap<>();
        Map<String, LrtUpdate.PairTap> asTaps = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : exp.layerShapes().entrySet()) {
            int[] shape = e.getValue();
            NmsConfig c = base.withAll(List.of("lrt=true", "lrt_n=" + shape[0], "lrt_m=" + shape[1],
                    "lrt_lanes=" + lanes(base.lrtLanes(), shape[0], shape[1])));
            Tap t = new Tap(c, e.getKey(), taps.size(), shape[2], pairsPerLayer, writeRowsPerLayer);
            taps.put(e.getKey(), t);
            asTaps.put(e.getKey(), t);
        }
        // Configurations first: a shape the settings cannot hold is refused before any training.
        Images pool = trainPool.select(IntStream.range(0, Math.min(pretrain, trainPool.rows())).toArray());
        OnlineExperiment.Pretrained pre = exp.pretrain(pool, progress);
        OnlineExperiment.Stream stream = exp.stream(online, Scenario.CONTROL);
        exp.run(Method.LRT, pre, stream, Scenario.CONTROL, progress, asTaps);
        List<Layer> out = new ArrayList<>();
        for (Tap t : taps.values()) {
            out.add(new Layer(t.name, t.config, t.vectors, t.inexact, t.clamped, t.skipAgree, t.refSkips));
        }
        return out;
    }

    /** Padding efficiency {@code (n + m) / L} over the beats a sample takes at L lanes. */
    public static double paddingEfficiency(int lanes, int n, int m) {
        return (double) (n + m) / lanes / ((n + lanes - 1) / lanes + (m + lanes - 1) / lanes);
    }

    /** The layer's lanes: the largest up to {@code max} with padding efficiency >= 0.95. */
    static int lanes(int max, int n, int m) {
        if (max > Math.max(n, m)) {
            return max; // refused by the configuration, naming the field
        }
        int l = max;
        while (l > 1 && paddingEfficiency(l, n, m) < 0.95) {
            l--;
        }
        return l;
    }

    /** Collects one layer's samples and write attempts. */
    private static final class Tap implements LrtUpdate.PairTap {
        final NmsConfig config;
        final String name;
        final LrtFormats f;
        final LrtVectors vectors;
        final NmsLrtSvd svd;
        final int stride;
        final int wanted;
        final int attempts;
        final long attemptEvery;
        long seen;
        long inexact;
        long clamped;
        long skipAgree;
        long refSkips;

        Tap(NmsConfig config, String name, int index, int pixels, int wanted, int writeRows) {
            this.config = config;
            this.name = name;
            this.f = config.lrtFormats();
            this.vectors = new LrtVectors(config, "fashion-mnist online LRT training, layer " + name);
            this.svd = LrtVectors.svdHolds(f) ? new NmsLrtSvd(config, NmsLrtSvd.Lfsr.seed(config.seed(), index)) : null;
            this.stride = pixels;
            this.wanted = wanted;
            this.attempts = (int) Math.max(1, Math.min(50, writeRows / (2 * f.cells)));
            this.attemptEvery = Math.max(1, wanted / attempts);
        }

        @Override
        public Object before(double[] a, double[] dz, StreamingKroneckerSum state, double[] weights) {
            long k = seen++;
            if (k % stride != 0 || vectors.samples() >= wanted) {
                return null;
            }
            long index = k / stride;
            if (index % attemptEvery == attemptEvery - 1 && vectors.attempts() < attempts) {
                attempt(state, weights);
            }
            long[] u = inputCodes(a);
            long[] v = inputCodes(dz);
            double[][] bu = state.basisU();
            double[][] bv = state.basisV();
            int eu = exponent(bu);
            int ev = exponent(bv);
            double cxd = state.weights()[0] * Math.pow(2, 2 * INPUT_SHIFT + 2 * LrtFormats.GUARD);
            long cx0 = Math.min((1L << f.cx0Width) - 1, Math.max(0, Math.round(cxd)));
            long[][] cbu = basisCodes(bu, eu);
            long[][] cbv = basisCodes(bv, ev);
            NmsLrtProject.Result p = vectors.sample(cbu, u, eu, cbv, v, ev, cx0);
            if (!p.skip() && svd != null && vectors.rotateSides() < 2L * ROTATE_SAMPLES) {
                // the chain's next steps on the same pair: the SVD's rotations, then both sides' update
                long[] cx = new long[f.rank];
                for (int i = 0; i < f.rank; i++) {
                    double w = state.weights()[i] * Math.pow(2, 2 * INPUT_SHIFT + 2 * LrtFormats.GUARD);
                    cx[i] = Math.min((1L << f.cx0Width) - 1, Math.max(0, Math.round(w)));
                }
                NmsLrtSvd.Result d = svd.update(p.u().coef(), p.u().norm(), p.v().coef(), p.v().norm(), cx);
                vectors.rotateSide(cbu, eu, u, p.u().coef(), p.u().norm(), d.tu());
                vectors.rotateSide(cbv, ev, v, p.v().coef(), p.v().norm(), d.tv());
            }
            return p.skip();
        }

        @Override
        public void after(Object token, boolean skipped) {
            if (token == null) {
                return;
            }
            refSkips += skipped ? 1 : 0;
            skipAgree += ((Boolean) token) == skipped ? 1 : 0;
        }

        private void attempt(StreamingKroneckerSum state, double[] weights) {
            StreamingKroneckerSum.Factors fac = state.factors();
            long[] w = new long[(int) f.cells];
            double step = Math.pow(2, f.weightBits - 1);
            for (int c = 0; c < w.length; c++) {
                w[c] = Math.max(f.weightMin, Math.min(f.weightMax, Math.round(weights[c] * step)));
            }
            vectors.attempt(factorCodes(fac.u()), factorCodes(fac.v()), w);
        }

        private long[] inputCodes(double[] x) {
            long lo = -(1L << (f.inputWidth - 1));
            long hi = (1L << (f.inputWidth - 1)) - 1;
            long[] c = new long[x.length];
            for (int k = 0; k < x.length; k++) {
                double scaled = x[k] * (1 << INPUT_SHIFT);
                long r = Math.round(scaled);
                if (r != scaled) {
                    inexact++;
                }
                if (r < lo || r > hi) {
                    clamped++;
                    r = Math.max(lo, Math.min(hi, r));
                }
                c[k] = r;
            }
            return c;
        }

        private int exponent(double[][] rows) {
            double max = 0;
            for (double[] r : rows) {
                for (double x : r) {
                    max = Math.max(max, Math.abs(x));
                }
            }
            int e = 0;
            while (e < (1 << LrtFormats.EXP_WIDTH) - 1 && max * Math.pow(2, e + 1) < 1) {
                e++;
            }
            return e;
        }

        private long[][] basisCodes(double[][] rows, int e) {
            double scale = Math.pow(2, f.basisFrac + e);
            long lo = -(1L << f.basisFrac);
            long hi = (1L << f.basisFrac) - 1;
            long[][] c = new long[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                c[i] = new long[rows[i].length];
                for (int k = 0; k < rows[i].length; k++) {
                    c[i][k] = Math.max(lo, Math.min(hi, Math.round(rows[i][k] * scale)));
                }
            }
            return c;
        }

        private long[][] factorCodes(double[][] m) {
            double max = 0;
            for (double[] r : m) {
                for (double x : r) {
                    max = Math.max(max, Math.abs(x));
                }
            }
            double scale = max == 0 ? 0 : ((1L << f.basisFrac) - 1) / max;
            long[][] c = new long[m.length][];
            for (int i = 0; i < m.length; i++) {
                c[i] = new long[m[i].length];
                for (int k = 0; k < m[i].length; k++) {
                    c[i][k] = Math.round(m[i][k] * scale);
                }
            }
            return c;
        }
    }
}
