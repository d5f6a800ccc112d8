package nms.data;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What to load and how to select from it: the dataset ({@code fashion-mnist}, {@code csv:PATH},
 * {@code idx:DIR} or {@code synthetic}), the split, the first {@code perClass} rows of each class,
 * which classes, and the pixel width and dimension of the configuration the rows must match.
 *
 * @param path      the file for {@link Kind#CSV}, the folder for {@link Kind#IDX}, else null
 * @param split     {@code train} or {@code test} for Fashion-MNIST; for IDX the optional start of
 *                  the pair's file names ({@link IdxFolder}); else null
 * @param perClass  rows per class, 0 = all (synthetic: 0 = 100)
 * @param classes   sorted distinct classes to keep; empty = all
 */
public record DatasetSpec(Kind kind, Path path, String split, int perClass, List<Integer> classes,
                          int pixelWidth, int dims, long seed) {

    public enum Kind { FASHION_MNIST, CSV, IDX, SYNTHETIC }

    /** Synthetic data when the spec does not say how much. */
    public static final int SYNTHETIC_CLASSES = 10;
    public static final int SYNTHETIC_PER_CLASS = 100;

    public DatasetSpec {
        classes = List.copyOf(classes);
        if (perClass < 0) {
            throw new DatasetException("per-class count must be >= 0 (0 = all), got " + perClass);
        }
        if (pixelWidth < 1 || pixelWidth > 16 || dims < 1) {
            throw new DatasetException("pixel width must be 1..16 and dims >= 1, got " + pixelWidth
                    + " and " + dims);
        }
    }

    /**
     * Parses the user's words. {@code split} null means {@code train} for Fashion-MNIST; for
     * {@code idx:DIR} it is the start of the file names that picks one pair in a folder of
     * several (null = the folder's only pair); CSV and synthetic data have no split, so anything
     * but null or {@code train} is an error rather than silently ignored. {@code classes} is e.g. {@code 0,3,7}, {@code 0-4} or {@code 0-2,5};
     * null or blank = all.
     */
    public static DatasetSpec parse(String spec, String split, int perClass, String classes,
                                    int pixelWidth, int dims, long seed) {
        Kind kind;
        Path path = null;
        if (spec.equals("fashion-mnist")) {
            kind = Kind.FASHION_MNIST;
        } else if (spec.equals("synthetic")) {
            kind = Kind.SYNTHETIC;
        } else if (spec.startsWith("csv:") && spec.length() > 4) {
            kind = Kind.CSV;
            path = Path.of(spec.substring(4));
        } else if (spec.startsWith("idx:") && spec.length() > 4) {
            kind = Kind.IDX;
            path = Path.of(spec.substring(4));
        } else {
            throw new DatasetException("unknown dataset '" + spec
                    + "': expected fashion-mnist, csv:PATH, idx:DIR or synthetic");
        }
        String resolvedSplit = null;
        if (kind == Kind.FASHION_MNIST) {
            resolvedSplit = split == null ? "train" : split;
            if (!resolvedSplit.equals("train") && !resolvedSplit.equals("test")) {
                throw new DatasetException("split must be 'train' or 'test', got '" + split + "'");
            }
        } else if (kind == Kind.IDX) {
            resolvedSplit = split;
        } else if (split != null && !split.equals("train")) {
            throw new DatasetException("split '" + split + "' only applies to fashion-mnist, not " + spec);
        }
        return new DatasetSpec(kind, path, resolvedSplit, perClass, parseClasses(classes),
                pixelWidth, dims, seed);
    }

    /** {@code 0,3,7}, {@code 0-4}, {@code 0-2,5} -> sorted distinct classes; null or blank -> empty (all). */
    public static List<Integer> parseClasses(String text) {
        TreeSet<Integer> classes = new TreeSet<>();
        if (text == null || text.isBlank()) {
            return List.of();
        }
        for (String part : text.split(",")) {
            String item = part.strip();
            try {
                int dash = item.indexOf('-', 1);
                int from = Integer.parseInt(dash < 0 ? item : item.substring(0, dash).strip());
                int to = dash < 0 ? from : Integer.parseInt(item.substring(dash + 1).strip());
                if (from < 0 || to < from) {
                    throw new NumberFormatException();
                }
                for (int c = from; c <= to; c++) {
                    classes.add(c);
                }
            } catch (NumberFormatException e) {
                throw new DatasetException("class list '" + text + "': '" + item
                        + "' is not a class or an ascending range like 0-4");
            }
        }
        return List.copyOf(classes);
    }

    /** The dataset and selection without the target format, e.g. {@code fashion-mnist split=test per_class=100 classes=0,3,7}. */
    public String selection() {
        String dataset = switch (kind) {
            case FASHION_MNIST -> "fashion-mnist split=" + split;
            case CSV -> "csv:" + path;
            case IDX -> "idx:" + path + (split == null ? "" : " split=" + split);
            case SYNTHETIC -> "synthetic(seed=" + seed + ",classes=" + SYNTHETIC_CLASSES + ",per_class="
                    + syntheticPerClass() + ")";
        };
        return dataset + " per_class=" + (perClass == 0 ? "all" : perClass) + " classes="
                + (classes.isEmpty() ? "all" : classes.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    /**
     * One line for manifests: the selection and the target format. The loaded {@link Images#source()}
     * says which transforms were actually applied to reach that format.
     */
    public String describe() {
        return selection() + " -> pixel_width=" + pixelWidth + " dims=" + dims;
    }

    int syntheticPerClass() {
        return perClass == 0 ? SYNTHETIC_PER_CLASS : perClass;
    }
}
