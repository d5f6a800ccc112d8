package nms.vectors;

/** The generator version written into every manifest and RTL header. */
public final class Version {
    public static final String VERSION = "0.1.0";

    private Version() {
    }
}
