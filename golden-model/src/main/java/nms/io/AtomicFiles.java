package nms.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files through a temp file in the same folder, so a failure leaves nothing partial. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** What fills a text file. */
    public interface TextBody {
        void write(Writer w) throws IOException;
    }

    /** What fills a binary file. */
    public interface BinaryBody {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path file, TextBody body) throws IOException {
        writeBinary(file, out -> {
            Writer w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
            body.write(w);
            w.flush();
        });
    }

    public static void writeString(Path file, String text) throws IOException {
        write(file, w -> w.write(text));
    }

    /** Sets POSIX permissions where the file system has them. */
    public static void setMode(Path p, String mode) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
        }
    }

    public static void writeBinary(Path file, BinaryBody body) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        // createTempFile makes the file owner-only; results are meant to be shared.
        setMode(tmp, "rw-r--r--");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
