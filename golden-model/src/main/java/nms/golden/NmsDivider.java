package nms.golden;

import nms.config.NmsConfig;

/**
 * Twin of {@code nms_divider}: unsigned {@code floor(dividend / divisor)}, divisor >= 1, quotient
 * below {@code 2^quotient_width} (spec section 5.4). The RTL is a restoring divider producing one
 * quotient bit per cycle, most significant first.
 */
@RtlTwin("nms_divider")
public final class NmsDivider {
    private final int quotientWidth;

    public NmsDivider(NmsConfig c) {
        this.quotientWidth = c.formats().quotientWidth;
    }

    public long divide(long dividend, long divisor) {
        if (divisor < 1 || dividend < 0) {
            throw new IllegalArgumentException("nms_divider needs dividend >= 0 and divisor >= 1");
        }
        long q = dividend / divisor;
        if (q >>> quotientWidth != 0) {
            throw new IllegalArgumentException("quotient " + q + " exceeds quotient_width "
                    + quotientWidth);
        }
        return q;
    }
}
