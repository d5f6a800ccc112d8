package nms.golden;

/**
 * Splits rows {@code 0..n-1} into contiguous blocks holding about the same number of pairs
 * {@code (i, j > i)}, for the all-pairs passes of the embeddings. The split depends on
 * {@code n} only, never on the number of threads, so a computation that processes each block in
 * a fixed order and combines blocks in block order is deterministic.
 */
public final class PairBlocks {

    /** Blocks per pass: enough to balance a few cores, few enough to keep per-block buffers small. */
    public static final int MAX_BLOCKS = 16;

    private PairBlocks() {
    }

    /**
     * Block boundaries: block {@code b} holds rows {@code [start[b], start[b+1])}; there are
     * {@code min(MAX_BLOCKS, n)} blocks (trailing ones may be empty for very small n).
     */
    public static int[] balanced(int n) {
        int blocks = Math.max(1, Math.min(MAX_BLOCKS, n));
        long totalPairs = (long) n * (n - 1) / 2;
        int[] start = new int[blocks + 1];
        long pairs = 0;
        int b = 1;
        for (int i = 0; i < n && b < blocks; i++) {
            pairs += n - 1 - i;
            if (pairs * blocks >= totalPairs * b) {
                start[b++] = i + 1;
            }
        }
        while (b <= blocks) {
            start[b++] = n;
        }
        return start;
    }
}
