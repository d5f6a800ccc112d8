package nms.config;

/** How an image is reduced while it streams in from DRAM (arithmetic spec, section 11). */
public enum SketchKind {
    /** No reduction: distances over the full image, the engine's behaviour before sketches. */
    NONE,
    /** Block pooling: the sum of each {@code b x b} pixel block, rounded to {@code sketch_width}. */
    BLOCK,
    /** Seeded sparse +-1 projection (Achlioptas), offset to unsigned, rounded likewise. */
    PROJECTION
}
