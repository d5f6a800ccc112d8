package nms.lrt;

/** How many times each cell of a weight array has been written (a wear and energy count). */
public final class WriteCounter {
    private final long[] counts;
    private long total;

    public WriteCounter(int cells) {
        counts = new long[cells];
    }

    public void add(int cell, long times) {
        if (times < 0) {
            throw new IllegalArgumentException("negative write count " + times + " for cell " + cell);
        }
        counts[cell] += times;
        total += times;
    }

    public long count(int cell) {
        return counts[cell];
    }

    public int cells() {
        return counts.length;
    }

    public long total() {
        return total;
    }

    public long max() {
        long max = 0;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        return max;
    }

    public long[] counts() {
        return counts.clone();
    }
}
