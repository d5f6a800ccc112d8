package nms.config;

/** How the perplexity search picks the final beta of a row (arithmetic spec, section 6). */
public enum SearchVariant {
    /** bhtsne/scikit-learn: doubling/halving then bisection; the last evaluated beta wins. */
    PLAIN,
    /** Same steps, but the best beta seen wins and a collapsed bracket stops the row early. */
    ROBUST
}
