package nms.eval;

import java.util.SplittableRandom;
import nms.data.Images;

/** Small generated image sets for tests, so they need no dataset reader. */
final class SyntheticImages {

    private SyntheticImages() {
    }

    /**
     * {@code perClass} images of each of {@code classes} classes, 8-bit, {@code dims} pixels. Class
     * c lights up its own band of pixels (a prototype) plus uniform noise, so classes are
     * linearly separable; {@code sourceOffset} makes source indices distinct across sets.
     */
    static Images classes(int classes, int perClass, int dims, long seed, int sourceOffset) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = classes * perClass;
        int[] labels = new int[n];
        int[] source = new int[n];
        int[][] pixels = new int[n][dims];
        int band = dims / classes;
        for (int i = 0; i < n; i++) {
            int label = i % classes; // interleaved, like a shuffled dataset
            labels[i] = label;
            source[i] = sourceOffset + i;
            for (int k = 0; k < dims; k++) {
                boolean onBand = k / band == label;
                int base = onBand ? 150 : 0;
                pixels[i][k] = Math.min(255, base + random.nextInt(onBand ? 100 : 90));
            }
        }
        return new Images("synthetic", 8, dims, labels, source, pixels);
    }

    /** One class whose rows are the given pixel vectors. */
    static Images rows(int[][] pixels) {
        int n = pixels.length;
        int[] labels = new int[n];
        int[] source = new int[n];
        for (int i = 0; i < n; i++) {
            source[i] = i;
        }
        return new Images("rows", 8, pixels[0].length, labels, source, pixels);
    }

    /** {@code perBlob} noisy copies of each centre, blob after blob; pixels clipped to 8 bits. */
    static Images blobs(int[][] centres, int perBlob, int noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] pixels = new int[centres.length * perBlob][];
        for (int b = 0; b < centres.length; b++) {
            for (int i = 0; i < perBlob; i++) {
                int[] row = new int[centres[b].length];
                for (int k = 0; k < row.length; k++) {
                    int v = centres[b][k] + random.nextInt(2 * noise + 1) - noise;
                    row[k] = Math.max(0, Math.min(255, v));
                }
                pixels[b * perBlob + i] = row;
            }
        }
        return rows(pixels);
    }

    /** 2-D points: {@code perCluster} points around each centre (Gaussian, given spread). */
    static double[][] clusters2d(double[][] centres, int perCluster, double spread, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] points = new double[centres.length * perCluster][];
        for (int c = 0; c < centres.length; c++) {
            for (int i = 0; i < perCluster; i++) {
                points[c * perCluster + i] = new double[] {
                    centres[c][0] + spread * (random.nextDouble() * 2 - 1),
                    centres[c][1] + spread * (random.nextDouble() * 2 - 1)};
            }
        }
        return points;
    }
}
