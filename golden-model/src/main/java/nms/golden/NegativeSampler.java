package nms.golden;

/**
 * The seeded negative samples of the embedding's sampled repulsion (docs/arithmetic-embedding.md
 * section 11.1), shared by the integer model and the double reference so both repel from the same
 * points. A 32-bit xorshift generator (Marsaglia 2003, shifts 13, 17, 5): a linear feedback shift
 * register over GF(2) of period 2^32 - 1, so hardware makes E consecutive draws per cycle with E
 * XOR networks of one state. Draw k of point i maps the state r (unsigned) to a partner
 * {@code j = i + 1 + floor(r (n - 1) / 2^32)}, minus n if that reaches n: uniform over the other
 * n - 1 points up to 2^-32, never i, one multiply and no division.
 */
public final class NegativeSampler {
    /** The generator's shifts; {@code mutant} tests change one and must see another embedding. */
    public static final int SHIFT_A = 13;
    public static final int SHIFT_B = 17;
    public static final int SHIFT_C = 5;

    private final int a;
    private final int b;
    private final int c;
    private int state;

    public NegativeSampler(long seed) {
        this(seed, SHIFT_A, SHIFT_B, SHIFT_C);
    }

    /** With other shifts: only for the mutant test. */
    NegativeSampler(long seed, int a, int b, int c) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.state = initialState(seed);
    }

    /** The high 32 bits of {@code seed * 0x9E3779B97F4A7C15} (mod 2^64), or 1 if they are 0: never the dead state 0. */
    public static int initialState(long seed) {
        int s = (int) ((seed * 0x9E3779B97F4A7C15L) >>> 32);
        return s == 0 ? 1 : s;
    }

    /** The next state, as an unsigned 32-bit value. */
    public long next() {
        int x = state;
        x ^= x << a;
        x ^= x >>> b;
        x ^= x << c;
        state = x;
        return x & 0xFFFF_FFFFL;
    }

    /** The partner of point i among n for the unsigned 32-bit draw r. */
    public static int partner(int i, int n, long r) {
        int j = i + 1 + (int) ((r * (n - 1)) >>> 32);
        return j >= n ? j - n : j;
    }

    /**
     * One iteration's negatives: {@code out[i * m + k]} is draw k of point i, drawn in the order
     * i = 0 .. n-1, k = 0 .. m-1 (one stream for the whole run, continued across iterations).
     */
    public void fill(int n, int m, int[] out) {
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                out[i * m + k] = partner(i, n, next());
            }
        }
    }
}
