package nms.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A command's output folder, built in a hidden sibling and moved into place only when the
 * command succeeds, so a failed run leaves nothing partial behind.
 */
public final class OutputDir implements AutoCloseable {
    private final Path target;
    private final Path work;
    private boolean committed;

    public OutputDir(Path target) throws IOException {
        this.target = target.toAbsolutePath().normalize();
        Files.createDirectories(this.target.getParent());
        this.work = Files.createTempDirectory(this.target.getParent(),
                "." + this.target.getFileName() + ".partial-");
        nms.io.AtomicFiles.setMode(work, "rwxr-xr-x");
    }

    /** Where to write while the command runs. */
    public Path path() {
        return work;
    }

    public Path target() {
        return target;
    }

    /** Replaces the target folder with the finished output. */
    public void commit() throws IOException {
        if (Files.exists(target)) {
            deleteTree(target);
        }
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                deleteTree(work);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
