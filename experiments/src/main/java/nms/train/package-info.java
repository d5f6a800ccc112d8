/**
 * Low-rank training experiments: a small quantized network that learns at batch 1 (conv by
 * im2col and dense layers with the authors' quantizers, straight-through gradients, streaming
 * batch-norm), its update methods (SGD, LRT unbiased and biased, bias-only, inference-only),
 * offline pre-training, the online scenarios (control, distribution shift, analog drift, bit
 * flips) with prequential accuracy, and the reports. The LRT algorithm itself is the reference
 * tier {@code nms.lrt} in the golden model; see {@code docs/LRT.md}.
 */
package nms.train;
