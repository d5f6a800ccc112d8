/**
 * Low-rank training (LRT, Gural et al., arXiv 2009.03887), double-precision reference tier: the
 * streaming Kronecker sum accumulator, its q x q SVD, the 16-bit basis quantizer, max-norm and
 * the density-gated weight write with its per-cell counters. Semantics follow the authors'
 * NumPy code ({@code agural/low-rank-training}, {@code lr/sks.py}, {@code lr/layers.py}) and are
 * written down in {@code docs/LRT.md}; a fixed-point twin comes later.
 */
package nms.lrt;
