package nms.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the IDX image/label pair in a folder, whatever the files are called: a file is an image
 * file if its magic is {@link IdxReader#IMAGES_MAGIC} (unsigned bytes, 3 dimensions) and a label
 * file if it is {@link IdxReader#LABELS_MAGIC}; gzip is undone first; other files are ignored.
 * The folder (not its sub-folders) must hold exactly one of each among the files whose name
 * starts with the prefix; anything else is refused with the candidates named, never guessed.
 */
public final class IdxFolder {

    /** The two files of one dataset. */
    public record Pair(Path images, Path labels) {
    }

    private IdxFolder() {
    }

    /** The pair in {@code dir} among files named {@code prefix*} ({@code prefix} null or empty = all files). */
    public static Pair find(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetException("idx:" + dir + ": not a folder");
        }
        String start = prefix == null ? "" : prefix;
        List<Path> images = new ArrayList<>();
        List<Path> labels = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                if (!Files.isRegularFile(file) || !file.getFileName().toString().startsWith(start)) {
                    continue;
                }
                int magic = IdxReader.magic(file);
                if (magic == IdxReader.IMAGES_MAGIC) {
                    images.add(file);
                } else if (magic == IdxReader.LABELS_MAGIC) {
                    labels.add(file);
                }
            }
        } catch (IOException e) {
            throw new DatasetException("idx:" + dir + ": cannot list the folder: " + e.getMessage(), e);
        }
        String among = start.isEmpty() ? "" : " named " + start + "*";
        if (images.size() != 1 || labels.size() != 1) {
            throw new DatasetException("idx:" + dir + ": expected exactly one IDX image file (magic 0x00000803) "
                    + "and one label file (magic 0x00000801)" + among + ", found " + names(images) + " and "
                    + names(labels) + (images.size() > 1 || labels.size() > 1
                            ? "; choose one pair with --split PREFIX (the start of its file names)" : ""));
        }
        return new Pair(images.get(0), labels.get(0));
    }

    private static String names(List<Path> files) {
        return files.isEmpty() ? "none" : files.stream().map(f -> f.getFileName().toString()).toList().toString();
    }
}
