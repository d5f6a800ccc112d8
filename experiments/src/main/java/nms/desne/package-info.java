/**
 * DE-SNE per class, end to end, as {@link nms.eval.ClassEmbedder}s for the evaluation:
 * {@link nms.desne.FixedDesneEmbedder} (the bit-accurate integer path, pixels to Q.20
 * coordinates, converted to double only at the end) and {@link nms.desne.DoubleDesneEmbedder}
 * (the double-precision reference). Both report {@link nms.desne.ClassStats} and take
 * {@link nms.desne.DesneOptions} (embedding iterations, dense/sparse threshold). With the
 * configuration's {@code sketch = block} or {@code projection} both compare the rows' sketches
 * (the integer one, and its unrounded double reference) with the kNN-sparse P of the one-pass engine.
 *
 * <p>Whole Fashion-MNIST classes (6000 rows) need {@code max_rows_per_class} above 6000 for the
 * fixed path, e.g. {@code --set max_rows_per_class=8192} (dividend width 62 of 63; with the
 * default widths up to 23832 rows validate).
 */
package nms.desne;
