package nms.eval;

import java.util.Arrays;

/** Argument checks and result shaping shared by selectors and exemplar rules. */
final class Selections {

    private Selections() {
    }

    static void checkBudget(int budget, int available) {
        if (budget < 1 || budget > available) {
            throw new IllegalArgumentException("budget " + budget + " must be in [1, "
                    + available + "]");
        }
    }

    /** 0, 1, ..., n-1: the answer whenever the budget is the whole class. */
    static int[] all(int n) {
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        return rows;
    }

    /** The indices set in {@code chosen}, ascending. */
    static int[] sortedIndices(boolean[] chosen) {
        int count = 0;
        for (boolean c : chosen) {
            count += c ? 1 : 0;
        }
        int[] rows = new int[count];
        int at = 0;
        for (int i = 0; i < chosen.length; i++) {
            if (chosen[i]) {
                rows[at++] = i;
            }
        }
        return rows;
    }

    /**
     * A seed for one use of a random stream derived from {@code seed}; {@code salt} tells the
     * uses apart (class label, embedder versus exemplar rule, ...). SplitMix64 finaliser, so nearby
     * seeds give unrelated streams.
     */
    static long derive(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
