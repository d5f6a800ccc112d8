package nms.golden;

import nms.config.NmsConfig;

/**
 * Conditional and joint P in integers (spec section 7): {@code p_j|i = floor((a_ij << p_frac) / S_i)}
 * the joint weights are symmetrised by {@link JointP}. Twin of {@code nms_joint_p} (section 7.1),
 * whose output stream is {@link #joint}'s entries in CSR order, the total on the last.
 */
@RtlTwin("nms_joint_p")
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

    /**
     * What {@code nms_joint_p} streams for a class: each row's conditionals over its neighbour
     * list {@code index[i]} from its final affinities {@code aff[i]}, symmetrised.
     */
    public JointP joint(int[][] index, long[][] aff) {
        long[][] cond = new long[aff.length][];
        for (int i = 0; i < aff.length; i++) {
            cond[i] = conditional(aff[i]);
        }
        return JointP.symmetrise(index, cond);
    }
}
