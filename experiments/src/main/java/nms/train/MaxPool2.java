package nms.train;

/** 2 x 2 max pooling, stride 2, floor (the last odd row or column is dropped); first max on ties. */
final class MaxPool2 implements Layer {
    private final int h;
    private final int w;
    private final int c;
    private int[] argmax;

    MaxPool2(int h, int w, int c) {
        this.h = h;
        this.w = w;
        this.c = c;
    }

    int outHeight() {
        return h / 2;
    }

    int outWidth() {
        return w / 2;
    }

    @Override
    public double[] forward(double[] x) {
        int ho = h / 2;
        int wo = w / 2;
        double[] y = new double[ho * wo * c];
        argmax = new int[y.length];
        for (int i = 0; i < ho; i++) {
            for (int j = 0; j < wo; j++) {
                for (int ch = 0; ch < c; ch++) {
                    int best = -1;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int di = 0; di < 2; di++) {
                        for (int dj = 0; dj < 2; dj++) {
                            int idx = ((2 * i + di) * w + 2 * j + dj) * c + ch;
                            if (x[idx] > max) {
                                max = x[idx];
                                best = idx;
                            }
                        }
                    }
                    int o = (i * wo + j) * c + ch;
                    y[o] = max;
                    argmax[o] = best;
                }
            }
        }
        return y;
    }

    @Override
    public double[] backward(double[] gradient) {
        double[] g = new double[h * w * c];
        for (int o = 0; o < gradient.length; o++) {
            g[argmax[o]] += gradient[o];
        }
        return g;
    }
}
