package nms.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the user stands and where the checkout is. Every path the user types is taken relative to
 * the folder the launcher was started in ({@code -Dnms.cwd}, set by {@code ./nms}), never to the
 * checkout; {@link Main} routes every {@code Path} option through {@link #resolve(String)}.
 */
public final class CliPaths {
    private CliPaths() {
    }

    /** The user's working folder: {@code -Dnms.cwd}, else this process's. */
    public static Path cwd() {
        String prop = System.getProperty("nms.cwd");
        return Path.of(prop != null && !prop.isBlank() ? prop : "").toAbsolutePath().normalize();
    }

    /** A path as the user typed it, made absolute against {@link #cwd()}. */
    public static Path resolve(String typed) {
        return cwd().resolve(typed).normalize();
    }

    public static Path resolve(Path typed) {
        return cwd().resolve(typed).normalize();
    }

    /** The checkout: {@code -Dnms.home} (set by ./nms), else the nearest parent of the working folder with sim-scripts/. */
    public static Optional<Path> checkout() {
        String prop = System.getProperty("nms.home");
        if (prop != null && !prop.isBlank()) {
            return Optional.of(Path.of(prop).toAbsolutePath().normalize());
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("sim-scripts/verify.sh"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The path with symbolic links of its existing part resolved, so that a link to the checkout
     * compares equal to the checkout; the part that does not exist yet is appended as written.
     */
    static Path real(Path absolute) {
        Path p = absolute.toAbsolutePath().normalize();
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(p)).normalize();
        } catch (IOException e) {
            return p;
        }
    }
}
