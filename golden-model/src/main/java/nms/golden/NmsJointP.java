package nms.golden;

import nms.config.NmsConfig;

/**
 * Conditional and joint P in integers (spec section 7): {@code p_j|i = floor((a_ij << p_frac) / S_i)}
 * the joint weights are symmetrised by {@link JointP}. This stage has no RTL unit yet.
 */
public final class NmsJointP {
    private final int pFrac;

    public NmsJointP(NmsConfig c) {
        this.pFrac = c.pFracBits();
    }

    public long[] conditional(long[] affinities) {
        long s = 0;
        for (long a : affinities) {
            s += a;
        }
        long[] p = new long[affinities.length];
        for (int j = 0; j < p.length; j++) {
            p[j] = (affinities[j] << pFrac) / s;
        }
        return p;
    }
}
