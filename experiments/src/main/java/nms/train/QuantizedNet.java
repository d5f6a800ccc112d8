package nms.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The batch-1 network, a scaled-down version of the authors' (four 128-channel convolutions and
 * two dense layers): input quantizer (8-bit unsigned, clip 1) -> conv 3x3 1->c1 + ReLU -> maxpool
 * -> conv 3x3 c1->c2 -> maxpool -> ReLU -> streaming batch-norm -> dense 25 c2 -> hidden + ReLU ->
 * dense hidden -> 10 -> softmax cross-entropy. Input 28 x 28 x 1.
 */
final class QuantizedNet {
    static final int SIDE = 28;

    private final QuantizeOp qx;
    private final List<Layer> layers = new ArrayList<>();
    private final List<WeightLayer> weightLayers = new ArrayList<>();
    private final StreamBatchNorm norm;
    private final SoftmaxCrossEntropy loss;

    QuantizedNet(int c1, int c2, int hidden, int classes, Quantization qz, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        qx = QuantizeOp.of(8, 1.0);
        WeightLayer conv1 = WeightLayer.conv("conv1", SIDE, SIDE, 1, c1, 3, true, qz, rnd);
        MaxPool2 pool1 = new MaxPool2(conv1.outHeight(), conv1.outWidth(), c1);
        WeightLayer conv2 = WeightLayer.conv("conv2", pool1.outHeight(), pool1.outWidth(), c1, c2, 3, false, qz, rnd);
        MaxPool2 pool2 = new MaxPool2(conv2.outHeight(), conv2.outWidth(), c2);
        norm = new StreamBatchNorm(c2, qz);
        int flat = pool2.outHeight() * pool2.outWidth() * c2;
        WeightLayer fc1 = WeightLayer.dense("fc1", flat, hidden, true, qz, rnd);
        WeightLayer fc2 = WeightLayer.dense("fc2", hidden, classes, false, qz, rnd);
        layers.addAll(List.of(conv1, pool1, conv2, pool2, new Relu(qz), norm, fc1, fc2));
        weightLayers.addAll(List.of(conv1, conv2, fc1, fc2));
        loss = new SoftmaxCrossEntropy(qz);
    }

    List<WeightLayer> weightLayers() {
        return weightLayers;
    }

    /** Logits of one image (pixels in [0, 1], 28 x 28 row-major). */
    double[] forward(double[] image) {
        double[] x = qx.forward(image.clone());
        for (Layer l : layers) {
            x = l.forward(x);
        }
        return x;
    }

    /** Backward from the loss of {@code label} on the last forward's logits, then the update. */
    void train(double[] logits, int label, Training t) {
        double[] g = loss.gradient(logits, label);
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
        for (Layer l : layers) {
            l.update(t);
        }
    }

    /** Snaps weights, biases and batch-norm parameters onto their grids. */
    void quantizeParameters() {
        for (WeightLayer w : weightLayers) {
            w.quantizeParameters();
        }
        norm.quantizeParameters();
    }

    /** A deep copy of every parameter and running statistic. */
    List<double[]> snapshot() {
        List<double[]> s = new ArrayList<>();
        for (Layer l : layers) {
            for (double[] a : l.state()) {
                s.add(a.clone());
            }
        }
        return s;
    }

    void restore(List<double[]> snapshot) {
        int i = 0;
        for (Layer l : layers) {
            for (double[] a : l.state()) {
                double[] src = snapshot.get(i++);
                System.arraycopy(src, 0, a, 0, a.length);
            }
        }
    }
}
