package nms.train;

import java.util.Arrays;
import java.util.Locale;

/** The online scenarios, after offline pre-training. */
enum Scenario {
    /** The clean test stream, no drift. */
    CONTROL,
    /** Augmentation regimes switching every {@code regime} samples: clean, shift/rotation, background gradient, white noise. */
    SHIFT,
    /** Gaussian drift of the stored weights (the authors' analog drift). */
    ANALOG,
    /** Random bit flips in the stored 8-bit weights (the authors' digital drift). */
    BITFLIP;

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Scenario of(String id) {
        for (Scenario s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("--scenario: unknown scenario '" + id + "' (known: "
                + Arrays.stream(values()).map(Scenario::id).toList() + ")");
    }
}
