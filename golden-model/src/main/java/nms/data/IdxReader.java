package nms.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads IDX files, the container of MNIST and Fashion-MNIST: a big-endian header (magic, then one
 * 32-bit size per dimension) followed by unsigned bytes. Files may be gzip-compressed; that is
 * detected from the gzip magic bytes, never from the file name.
 */
public final class IdxReader {

    /** Unsigned bytes, 3 dimensions (count, rows, cols). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Unsigned bytes, 1 dimension (count). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int BUFFER_BYTES = 1 << 16;

    /** The images of one IDX3 file: {@code pixels[i]} is image i, row-major, rows x cols values. */
    public record ImageFile(Path file, int rows, int cols, int[][] pixels) {
        public int count() {
            return pixels.length;
        }

        public int dims() {
            return rows * cols;
        }
    }

    private IdxReader() {
    }

    /** Reads an image file and its label file into 8-bit {@link Images}; sourceIndex = index in the file. */
    public static Images read(Path imagesFile, Path labelsFile, String source) {
        ImageFile images = readImages(imagesFile);
        int[] labels = readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new DatasetException("image/label count mismatch: " + imagesFile + " has "
                    + images.count() + " images but " + labelsFile + " has " + labels.length
                    + " labels");
        }
        int[] sourceIndex = java.util.stream.IntStream.range(0, labels.length).toArray();
        return new Images(source, 8, images.dims(), labels, sourceIndex, images.pixels());
    }

    public static ImageFile readImages(Path file) {
        try (Cursor in = new Cursor(file)) {
            int[] header = in.readHeader(IMAGES_MAGIC, 3);
            int count = header[0];
            int rows = header[1];
            int cols = header[2];
            if (rows < 1 || cols < 1 || (long) rows * cols > Integer.MAX_VALUE) {
                throw new DatasetException(file + ": invalid image size " + rows + " x " + cols
                        + " in the header");
            }
            int dims = rows * cols;
            // Grown as records arrive rather than sized from the header, so a corrupt count
            // ends in a "truncated" error instead of an OutOfMemoryError.
            List<int[]> pixels = new ArrayList<>(Math.min(count, BUFFER_BYTES));
            byte[] record = new byte[dims];
            for (int i = 0; i < count; i++) {
                in.readImage(record, i);
                int[] row = new int[dims];
                for (int k = 0; k < dims; k++) {
                    row[k] = record[k] & 0xff;
                }
                pixels.add(row);
            }
            in.expectEnd();
            return new ImageFile(file, rows, cols, pixels.toArray(new int[0][]));
        }
    }

    /**
     * The file's magic number (its first four bytes, big-endian, after gunzip if it is gzip), or
     * -1 when it holds fewer than four bytes: how {@link IdxFolder} tells images from labels.
     */
    public static int magic(Path file) {
        try (Cursor in = new Cursor(file)) {
            byte[] head = new byte[4];
            return in.read(head, 4) == 4 ? bigEndianInt(head, 0) : -1;
        }
    }

    public static int[] readLabels(Path file) {
        try (Cursor in = new Cursor(file)) {
            int count = in.readHeader(LABELS_MAGIC, 1)[0];
            // Grown chunk by chunk for the same reason as the images: distrust the header's count.
            int[] labels = new int[0];
            byte[] chunk = new byte[Math.min(count, BUFFER_BYTES)];
            for (int start = 0; start < count; start += chunk.length) {
                int length = Math.min(chunk.length, count - start);
                int present = in.read(chunk, length);
                if (present < length) {
                    int labelsPresent = start + present;
                    throw in.truncated("label " + labelsPresent, in.offset, count, labelsPresent,
                            " label bytes");
                }
                labels = Arrays.copyOf(labels, start + length);
                for (int k = 0; k < length; k++) {
                    labels[start + k] = chunk[k] & 0xff;
                }
            }
            in.expectEnd();
            return labels;
        }
    }

    /** A stream over the (decompressed) bytes of one file that knows its byte offset. */
    private static final class Cursor implements AutoCloseable {
        private final Path file;
        private final InputStream in;
        private long offset;

        Cursor(Path file) {
            this.file = file;
            try {
                BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
                raw.mark(2);
                boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
                raw.reset();
                this.in = gzip
                        ? new BufferedInputStream(new GzipMembers(raw, BUFFER_BYTES), BUFFER_BYTES)
                        : raw;
            } catch (NoSuchFileException e) {
                throw new DatasetException(file + ": no such file", e);
            } catch (IOException e) {
                throw new DatasetException(file + ": cannot open: " + e, e);
            }
        }

        /** Checks the magic and returns the dimension sizes, each of which must be non-negative. */
        int[] readHeader(int expectedMagic, int dimensions) {
            int headerBytes = 4 * (1 + dimensions);
            byte[] header = new byte[headerBytes];
            // The magic first: a short file of the wrong kind should say "wrong magic".
            int present = read(header, 4);
            if (present == 4 && bigEndianInt(header, 0) != expectedMagic) {
                throw new DatasetException(file + ": wrong magic at byte offset 0: expected "
                        + hex(expectedMagic) + ", got " + hex(bigEndianInt(header, 0)));
            }
            if (present == 4) {
                present += read(header, 4, headerBytes - 4);
            }
            if (present < headerBytes) {
                throw new DatasetException(file + ": header truncated: expected " + headerBytes
                        + " bytes, present " + present);
            }
            int[] sizes = new int[dimensions];
            for (int d = 0; d < dimensions; d++) {
                sizes[d] = bigEndianInt(header, 4 * (1 + d));
                if (sizes[d] < 0) {
                    throw new DatasetException(file + ": dimension " + d + " size "
                            + Integer.toUnsignedString(sizes[d]) + " at byte offset " + 4 * (1 + d)
                            + " is too large");
                }
            }
            return sizes;
        }

        void readImage(byte[] record, int index) {
            int present = read(record, record.length);
            if (present < record.length) {
                throw truncated("image " + index, offset - present, record.length, present, " bytes");
            }
        }

        DatasetException truncated(String what, long at, long expected, long present, String unit) {
            return new DatasetException(file + ": truncated at " + what + " (byte offset " + at
                    + " of the uncompressed data): expected " + expected + unit + ", present "
                    + present);
        }

        /** Trailing bytes mean the header does not describe the file, so the data is suspect. */
        void expectEnd() {
            long end = offset;
            byte[] probe = new byte[1];
            if (read(probe, 1) > 0) {
                throw new DatasetException(file + ": unexpected data after the last record at byte offset "
                        + end + " of the uncompressed data");
            }
        }

        /** Reads up to {@code length} bytes and returns how many were present before the data ended. */
        int read(byte[] buffer, int length) {
            return read(buffer, 0, length);
        }

        int read(byte[] buffer, int from, int length) {
            int present = 0;
            try {
                while (present < length) {
                    int n = in.read(buffer, from + present, length - present);
                    if (n < 0) {
                        break;
                    }
                    present += n;
                }
            } catch (EOFException e) {
                // GzipMembers' way of saying the compressed stream was cut short: the bytes
                // before it are still valid, so report it as a truncation at this offset.
            } catch (IOException e) {
                throw new DatasetException(file + ": read error at byte offset " + (offset + present)
                        + " of the uncompressed data: " + e.getMessage(), e);
            }
            offset += present;
            return present;
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new DatasetException(file + ": cannot close: " + e, e);
            }
        }
    }

    private static int bigEndianInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
