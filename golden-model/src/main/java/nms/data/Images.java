package nms.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A labelled set of images with unsigned integer pixels, the input of every DE-SNE stage.
 *
 * <p>Row {@code i} has label {@code labels[i]} and pixels {@code pixels[i][0..dims-1]}, each in
 * {@code [0, 2^pixelWidth - 1]}. {@code sourceIndex[i]} is the row's index in the file it was
 * read from, so a selection can always be traced back to the dataset.
 */
public record Images(String source, int pixelWidth, int dims, int[] labels, int[] sourceIndex,
                     int[][] pixels) {

    public Images {
        Objects.requireNonNull(source, "source");
        if (pixelWidth < 1 || pixelWidth > 16) {
            throw new IllegalArgumentException("pixelWidth must be 1..16, got " + pixelWidth);
        }
        if (dims < 1) {
            throw new IllegalArgumentException("dims must be >= 1, got " + dims);
        }
        if (labels.length != pixels.length || sourceIndex.length != pixels.length) {
            throw new IllegalArgumentException("labels, sourceIndex and pixels differ in length");
        }
        int max = (1 << pixelWidth) - 1;
        for (int i = 0; i < pixels.length; i++) {
            int[] row = pixels[i];
            if (row.length != dims) {
                throw new IllegalArgumentException(source + ": row " + i + " has " + row.length
                        + " pixels, expected " + dims);
            }
            for (int k = 0; k < dims; k++) {
                if (row[k] < 0 || row[k] > max) {
                    throw new IllegalArgumentException(source + ": row " + i + " pixel " + k
                            + " = " + row[k] + " is outside [0, " + max + "] for pixel width "
                            + pixelWidth);
                }
            }
        }
    }

    public int rows() {
        return pixels.length;
    }

    /** The rows whose label is {@code label}, in their current order. */
    public Images ofClass(int label) {
        return select(Arrays.stream(indicesOfClass(label)).toArray());
    }

    public int[] indicesOfClass(int label) {
        return java.util.stream.IntStream.range(0, rows()).filter(i -> labels[i] == label).toArray();
    }

    /** The sorted distinct labels. */
    public int[] classes() {
        return Arrays.stream(labels).distinct().sorted().toArray();
    }

    /** A subset in the given row order; rows are shared, not copied. */
    public Images select(int[] rows) {
        int[] l = new int[rows.length];
        int[] s = new int[rows.length];
        int[][] p = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            l[i] = labels[rows[i]];
            s[i] = sourceIndex[rows[i]];
            p[i] = pixels[rows[i]];
        }
        return new Images(source, pixelWidth, dims, l, s, p);
    }
}
