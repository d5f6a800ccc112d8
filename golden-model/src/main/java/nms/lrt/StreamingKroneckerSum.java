package nms.lrt;

import java.util.SplittableRandom;

/**
 * The rank-r streaming Kronecker sum (SKS) of rank-1 pairs {@code u v^T} (u of length n, v of
 * length m), the authors' {@code apply_updates}. State, with {@code q = r + 1}: bases
 * {@code Uhat} (q x n) and {@code Vhat} (q x m) and weights {@code Cx} (r); the estimate is
 * {@code sum_i Cx[i] Uhat[i] Vhat[i]^T}. Per pair:
 * <ol>
 * <li>one modified Gram-Schmidt pass of u against rows 0..r-1 of Uhat (coefficients
 *     {@code au[0..r-1]}), {@code au[r] = |residual| + EPS}; the same for v;</li>
 * <li>skip the whole pair if {@code Cx[0] > kappa * au[r] * av[r]};</li>
 * <li>{@code C = au av^T + diag(Cx, 0)}; the normalised residuals become row r of the bases,
 *     which are quantized (scale over all q rows);</li>
 * <li>SVD {@code C = Cu diag(Cd) Cv^T}; biased: keep the r largest; unbiased: mix the smallest
 *     {@code k+1} singular values with random signs into k columns of equal weight
 *     {@code (sum of them) / k}, so the estimate's expectation is the truncated-free sum;</li>
 * <li>rows 0..r-1 become {@code Q^T Cu^T Uhat} and {@code Q^T Cv^T Vhat}, re-quantized (scale
 *     over rows 0..r-1).</li>
 * </ol>
 * Arithmetic is double (the authors use float32), see {@code docs/LRT.md}.
 */
public final class StreamingKroneckerSum {
    /** The truncation rule of step 4. */
    public enum Variant { BIASED, UNBIASED }

    public static final double EPS = BasisQuantizer.EPS;

    private final int n;
    private final int m;
    private final int rank;
    private final Variant variant;
    private final double kappa;
    private final BasisQuantizer quantizer;
    private final SplittableRandom signs;
    private final double[][] uhat;
    private final double[][] vhat;
    private final double[] cx;
    private double scaleU = 1;
    private double scaleV = 1;
    private long pairs;
    private long skipped;

    /**
     * @param kappa skip threshold ({@code Double.POSITIVE_INFINITY} never skips)
     * @param basisBits 16 as the authors, 0 for unquantized bases
     * @param seed seed of the unbiased variant's random signs
     */
    public StreamingKroneckerSum(int n, int m, int rank, Variant variant, double kappa, int basisBits, long seed) {
        if (n < 1 || m < 1 || rank < 1) {
            throw new IllegalArgumentException("SKS needs n, m, rank >= 1, got " + n + ", " + m + ", " + rank);
        }
        if (!(kappa > 0)) {
            throw new IllegalArgumentException("kappa_th must be positive, got " + kappa);
        }
        this.n = n;
        this.m = m;
        this.rank = rank;
        this.variant = variant;
        this.kappa = kappa;
        this.quantizer = new BasisQuantizer(basisBits);
        this.signs = new SplittableRandom(seed);
        this.uhat = new double[rank + 1][n];
        this.vhat = new double[rank + 1][m];
        this.cx = new double[rank];
    }

    public int rank() {
        return rank;
    }

    /** Auxiliary memory in words: q (n + m) basis entries, r weights and the two scales. */
    public long memoryWords() {
        return (long) (rank + 1) * (n + m) + rank + 2;
    }

    public void reset() {
        for (double[] row : uhat) {
            java.util.Arrays.fill(row, 0);
        }
        for (double[] row : vhat) {
            java.util.Arrays.fill(row, 0);
        }
        java.util.Arrays.fill(cx, 0);
        scaleU = 1;
        scaleV = 1;
    }

    public long pairs() {
        return pairs;
    }

    public long skipped() {
        return skipped;
    }

    /** Rows 0..r-1 of {@code Uhat} (copies; on the 16-bit grid of {@link #scaleU()}). */
    public double[][] basisU() {
        return rows(uhat);
    }

    /** Rows 0..r-1 of {@code Vhat} (copies). */
    public double[][] basisV() {
        return rows(vhat);
    }

    private double[][] rows(double[][] b) {
        double[][] out = new double[rank][];
        for (int i = 0; i < rank; i++) {
            out[i] = b[i].clone();
        }
        return out;
    }

    /** The weights {@code Cx} (a copy). */
    public double[] weights() {
        return cx.clone();
    }

    /** Multiplies the weights by {@code factor} (the authors' discount when a write is gated off). */
    public void discount(double factor) {
        for (int i = 0; i < rank; i++) {
            cx[i] *= factor;
        }
    }

    /** Adds the pair {@code u v^T}; returns false when the kappa test skipped it. */
    public boolean add(double[] u, double[] v) {
        if (u.length != n || v.length != m) {
            throw new IllegalArgumentException("SKS pair sizes " + u.length + " x " + v.length + ", expected "
                    + n + " x " + m);
        }
        pairs++;
        int q = rank + 1;
        double[] ru = u.clone();
        double[] rv = v.clone();
        double[] au = project(uhat, ru);
        double[] av = project(vhat, rv);
        if (cx[0] > kappa * au[rank] * av[rank]) {
            skipped++;
            return false;
        }
        double[][] c = new double[q][q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                c[i][j] = au[i] * av[j];
            }
        }
        for (int i = 0; i < rank; i++) {
            c[i][i] += cx[i];
        }
        for (int k = 0; k < n; k++) {
            uhat[rank][k] = ru[k] / au[rank];
        }
        for (int k = 0; k < m; k++) {
            vhat[rank][k] = rv[k] / av[rank];
        }
        scaleU = quantizer.quantize(uhat, q);
        scaleV = quantizer.quantize(vhat, q);

        JacobiSvd.Svd svd = JacobiSvd.of(c);
        double[] cd = svd.s();
        double[][] mix = new double[rank][q]; // Q^T, r x q
        for (int i = 0; i < rank; i++) {
            mix[i][i] = 1;
            cx[i] = cd[i];
        }
        if (variant == Variant.UNBIASED && cd[q - 1] > EPS) {
            mixSmallest(cd, mix);
        }
        rotate(uhat, mix, svd.u());
        rotate(vhat, mix, svd.v());
        scaleU = quantizer.quantize(uhat, rank);
        scaleV = quantizer.quantize(vhat, rank);
        return true;
    }

    /** Modified Gram-Schmidt of {@code x} (in place, left as the residual) against rows 0..r-1. */
    private double[] project(double[][] basis, double[] x) {
        double[] a = new double[rank + 1];
        for (int i = 0; i < rank; i++) {
            double[] b = basis[i];
            double dot = 0;
            for (int k = 0; k < x.length; k++) {
                dot += b[k] * x[k];
            }
            a[i] = dot;
            for (int k = 0; k < x.length; k++) {
                x[k] -= b[k] * dot;
            }
        }
        double norm = 0;
        for (double xk : x) {
            norm += xk * xk;
        }
        a[rank] = Math.sqrt(norm) + EPS;
        return a;
    }

    /**
     * The optimal Kronecker sum's mixing (Benzing et al. 2019, as in the authors' code): find the
     * largest k such that the k+1 smallest singular values {@code cd[mm..q-1]} satisfy
     * {@code k * cd[mm] <= sum}, give each of k new columns weight {@code sk = sum / k} and mix
     * with a (k+1) x k matrix of orthonormal columns whose row norms are {@code sqrt(cd/sk)},
     * signed at random (math.stackexchange 525587).
     */
    private void mixSmallest(double[] cd, double[][] mix) {
        int q = rank + 1;
        double s1 = cd[rank];
        int mm = rank;
        int k;
        for (k = 1; k <= rank; k++) {
            mm--;
            if (k * cd[mm] > s1 + cd[mm]) {
                k--;
                mm++;
                break;
            }
            s1 += cd[mm];
        }
        if (k > rank) {
            k = rank;
        }
        double[] rnd = new double[q];
        for (int i = 0; i < q; i++) {
            rnd[i] = signs.nextBoolean() ? 1 : -1;
        }
        double sk = s1 / k;
        int len = k + 1;
        double[] w = new double[len];
        for (int i = 0; i < len; i++) {
            w[i] = Math.sqrt(Math.max(0, 1 - cd[mm + i] / sk));
        }
        w[0] -= 1;
        for (int i = 0; i < len; i++) { // Z[i][j] -> Q^T[mm + j][mm + i]
            for (int j = 0; j < k; j++) {
                double z = rnd[i] * w[i] * (w[j + 1] / w[0]);
                if (i >= 1 && j == i - 1) {
                    z += rnd[i];
                }
                mix[mm + j][mm + i] = z;
            }
        }
        for (int i = mm; i < rank; i++) {
            cx[i] = sk;
        }
    }

    /** rows 0..r-1 of {@code basis} := mix * vectors^T * basis (vectors: columns are singular vectors). */
    private void rotate(double[][] basis, double[][] mix, double[][] vectors) {
        int q = rank + 1;
        double[][] t = new double[rank][q]; // mix * vectors^T
        for (int i = 0; i < rank; i++) {
            for (int j = 0; j < q; j++) {
                double s = 0;
                for (int l = 0; l < q; l++) {
                    s += mix[i][l] * vectors[j][l];
                }
                t[i][j] = s;
            }
        }
        int width = basis[0].length;
        double[][] rows = new double[rank][width];
        for (int i = 0; i < rank; i++) {
            for (int j = 0; j < q; j++) {
                double tij = t[i][j];
                if (tij == 0) {
                    continue;
                }
                double[] b = basis[j];
                double[] out = rows[i];
                for (int k = 0; k < width; k++) {
                    out[k] += tij * b[k];
                }
            }
        }
        for (int i = 0; i < rank; i++) {
            basis[i] = rows[i];
        }
    }

    /** The factors {@code U = Uhat^T sqrt(Cx)} (n x r) and {@code V = Vhat^T sqrt(Cx)} (m x r). */
    public Factors factors() {
        double[][] fu = new double[n][rank];
        double[][] fv = new double[m][rank];
        for (int i = 0; i < rank; i++) {
            double w = Math.sqrt(Math.max(0, cx[i]));
            for (int k = 0; k < n; k++) {
                fu[k][i] = uhat[i][k] * w;
            }
            for (int k = 0; k < m; k++) {
                fv[k][i] = vhat[i][k] * w;
            }
        }
        return new Factors(fu, fv);
    }

    /** {@code U V^T} as a row-major n x m array. */
    public double[] estimate() {
        return factors().product();
    }

    /** Scales of the quantized bases (1 when unquantized). */
    public double scaleU() {
        return scaleU;
    }

    public double scaleV() {
        return scaleV;
    }

    /** The two factors of the estimate; {@link #product()} is {@code U V^T} row-major. */
    public record Factors(double[][] u, double[][] v) {
        public double[] product() {
            int n = u.length;
            int m = v.length;
            int r = n == 0 ? 0 : u[0].length;
            double[] out = new double[n * m];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    for (int l = 0; l < r; l++) {
                        s += u[i][l] * v[j][l];
                    }
                    out[i * m + j] = s;
                }
            }
            return out;
        }
    }
}
