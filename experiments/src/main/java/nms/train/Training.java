package nms.train;

/**
 * What one update step does besides the weight matrices: the learning rate of biases and
 * batch-norm parameters, whether their updates are max-normed ({@code norm_b}), whether the step
 * is offline pre-training (float master weights, no quantized write) and whether weights or
 * biases train at all.
 */
record Training(double biasLr, boolean normBias, boolean pretraining, double pretrainLr, boolean trainBias) {
}
