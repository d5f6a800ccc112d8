package nms.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nms.config.LrtFormats;
import nms.config.NmsConfig;
import nms.data.FashionMnist;
import nms.data.Images;
import nms.golden.LrtIntegerChain;
import nms.lrt.StreamingKroneckerSum;
import org.junit.jupiter.api.Test;

/**
 * The integer SKS chain (nms_lrt_project -> nms_lrt_svd -> nms_lrt_rotate) on real gradient pairs
 * of the train network stays close to the double reference fed the same codes.
 */
class LrtIntegerChainRealTest {

    /** Collects the first pairs a layer sees. */
    private static final class Collect implements LrtUpdate.PairTap {
        final List<double[][]> pairs = new ArrayList<>();
        final int wanted;

        Collect(int wanted) {
            this.wanted = wanted;
        }

        @Override
        public Object before(double[] a, double[] dz, StreamingKroneckerSum state, double[] weights) {
            if (pairs.size() < wanted) {
                pairs.add(new double[][] {a.clone(), dz.clone()});
            }
            return null;
        }

        @Override
        public void after(Object token, boolean skipped) {
        }
    }

    @Test
    void onRealPairsTheIntegerChainTracksTheDoubleSks() {
        Images train = FashionMnist.load("train");
        Images test = FashionMnist.load("test");
        OnlineExperiment exp = new OnlineExperiment(OnlineExperiment.Settings.defaults().withOnlineSamples(60));
        Images pool = train.select(java.util.stream.IntStream.range(0, 500).toArray());
        OnlineExperiment.Pretrained pre = exp.pretrain(pool, null);
        Collect fc2 = new Collect(60);
        Collect conv2 = new Collect(400);
        exp.run(Method.LRT, pre, exp.stream(test, Scenario.CONTROL), Scenario.CONTROL, null,
                Map.of("fc2", fc2, "conv2", conv2));
        for (Map.Entry<String, Collect> e : Map.of("fc2", fc2, "conv2", conv2).entrySet()) {
            List<double[][]> pairs = e.getValue().pairs;
            int n = pairs.get(0)[0].length;
            int m = pairs.get(0)[1].length;
            NmsConfig c = NmsConfig.defaults().withAll(List.of("lrt=true", "lrt_n=" + n, "lrt_m=" + m,
                    "lrt_unbiased=false"));
            LrtFormats f = c.lrtFormats();
            // one power-of-two scale per side so the largest element uses the 9-bit code range
            double su = scale(pairs, 0);
            double sv = scale(pairs, 1);
            LrtIntegerChain chain = new LrtIntegerChain(c, 1);
            StreamingKroneckerSum ref = new StreamingKroneckerSum(n, m, 4, StreamingKroneckerSum.Variant.BIASED,
                    100, 16, 1);
            int agree = 0;
            for (double[][] p : pairs) {
                long[] u = codes(p[0], su);
                long[] v = codes(p[1], sv);
                boolean a = chain.add(u, v);
                boolean b = ref.add(toDouble(u), toDouble(v));
                agree += a == b ? 1 : 0;
            }
            double[] gi = estimate(chain, f);
            double[] gr = ref.estimate();
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < gi.length; i++) {
                diff += (gi[i] - gr[i]) * (gi[i] - gr[i]);
                norm += gr[i] * gr[i];
            }
            double rel = Math.sqrt(diff / norm);
            assertTrue(norm > 0 && rel < 0.02, e.getKey() + ": integer vs double estimate, relative " + rel);
            assertTrue(agree >= 0.95 * pairs.size(), e.getKey() + ": kappa decisions agree on " + agree + " of "
                    + pairs.size());
        }
    }

    /** sum_i cx_i Uhat_i Vhat_i^T in code units. */
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

    private static double scale(List<double[][]> pairs, int side) {
        double max = 0;
        for (double[][] p : pairs) {
            for (double x : p[side]) {
                max = Math.max(max, Math.abs(x));
            }
        }
        return Math.scalb(1.0, (int) Math.floor(Math.log(255 / max) / Math.log(2)));
    }

    private static long[] codes(double[] x, double s) {
        long[] c = new long[x.length];
        for (int k = 0; k < x.length; k++) {
            c[k] = Math.round(x[k] * s);
        }
        return c;
    }

    private static double[] toDouble(long[] x) {
        double[] d = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            d[k] = x[k];
        }
        return d;
    }
}
