package nms.data;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Loads a dataset by spec and brings it to the configuration's selection and pixel format. */
public final class Datasets {

    private Datasets() {
    }

    /** See {@link DatasetSpec#parse}; {@code perClass} 0 = all, {@code classes} null = all. */
    public static Images load(String spec, String split, int perClass, String classes, int pixelWidth,
                              int dims, long seed) {
        return load(DatasetSpec.parse(spec, split, perClass, classes, pixelWidth, dims, seed));
    }

    /**
     * The selected rows, ordered by class then file order, at the spec's pixel width and dims.
     * The result's source is the spec's selection followed by each transform applied.
     */
    public static Images load(DatasetSpec spec) {
        return load(spec, true);
    }

    /**
     * As {@link #load(DatasetSpec)}, but images whose pixel count is not the spec's {@code dims}
     * are refused instead of resampled: for commands that select from the user's own images
     * ({@code select}, {@code eval}), where a silent resampling would choose among images the
     * user does not have. The pixel width is still adapted by {@link #requantize}.
     */
    public static Images loadExactShape(DatasetSpec spec) {
        return load(spec, false);
    }

    private static Images load(DatasetSpec spec, boolean resample) {
        Images raw = switch (spec.kind()) {
            case FASHION_MNIST -> FashionMnist.load(spec.split());
            // CSV data is taken to be in the configured pixel width; values outside it are errors.
            case CSV -> CsvImages.read(spec.path(), spec.pixelWidth(), CsvImages.HeaderMode.AUTO);
            case IDX -> {
                IdxFolder.Pair pair = IdxFolder.find(spec.path(), spec.split());
                yield IdxReader.read(pair.images(), pair.labels(), "idx:" + pair.images());
            }
            case SYNTHETIC -> SyntheticImages.generate(spec.seed(), DatasetSpec.SYNTHETIC_CLASSES,
                    spec.syntheticPerClass(), spec.pixelWidth(), spec.dims());
        };
        if (!resample && raw.dims() != spec.dims()) {
            throw new DatasetException(raw.source() + ": images have " + raw.dims()
                    + " pixels but the config has dims = " + spec.dims() + "; run with --set dims="
                    + raw.dims() + " (lanes must stay <= dims)");
        }
        Images selected = select(raw, spec.classes(), spec.perClass());
        Images named = new Images(spec.selection(), selected.pixelWidth(), selected.dims(),
                selected.labels(), selected.sourceIndex(), selected.pixels());
        return requantize(resample(named, spec.dims()), spec.pixelWidth());
    }

    /**
     * The first {@code perClass} rows (0 = all) of each class in {@code classes} (empty = all
     * present), ordered by class then by their current order. Taking the first rows, not a
     * random sample, keeps the selection deterministic and traceable to the file.
     */
    public static Images select(Images images, List<Integer> classes, int perClass) {
        int[] present = images.classes();
        TreeSet<Integer> wanted = new TreeSet<>(classes);
        if (wanted.isEmpty()) {
            for (int c : present) {
                wanted.add(c);
            }
        }
        List<Integer> rows = new ArrayList<>();
        for (int c : wanted) {
            int[] ofClass = images.indicesOfClass(c);
            if (ofClass.length == 0) {
                throw new DatasetException(images.source() + ": unknown class " + c
                        + " (classes present: " + java.util.Arrays.toString(present) + ")");
            }
            if (perClass > ofClass.length) {
                throw new DatasetException(images.source() + ": class " + c + " has only "
                        + ofClass.length + (ofClass.length == 1 ? " row" : " rows") + ", "
                        + perClass + " per class requested");
            }
            int take = perClass == 0 ? ofClass.length : perClass;
            for (int i = 0; i < take; i++) {
                rows.add(ofClass[i]);
            }
        }
        return images.select(rows.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Changes the pixel width by a shift: narrower drops low bits (right shift), wider appends zero
     * bits (left shift), which is what a W-bit datapath sees when fed a truncated or padded word.
     */
    public static Images requantize(Images images, int pixelWidth) {
        int shift = pixelWidth - images.pixelWidth();
        if (shift == 0) {
            return images;
        }
        int[][] pixels = new int[images.rows()][];
        for (int i = 0; i < pixels.length; i++) {
            int[] src = images.pixels()[i];
            int[] dst = new int[src.length];
            for (int k = 0; k < src.length; k++) {
                dst[k] = shift < 0 ? src[k] >> -shift : src[k] << shift;
            }
            pixels[i] = dst;
        }
        String how = shift < 0 ? "right shift " + -shift : "left shift " + shift;
        return new Images(images.source() + "; requantized " + images.pixelWidth() + "->" + pixelWidth
                + " bits (" + how + ")", pixelWidth, images.dims(), images.labels(),
                images.sourceIndex(), pixels);
    }

    /**
     * Changes the number of pixels per row by nearest-neighbour index mapping over the flattened
     * image, {@code dst[k] = src[floor(k * srcDims / dims)]}; one rule for shrinking and growing.
     */
    public static Images resample(Images images, int dims) {
        int srcDims = images.dims();
        if (dims == srcDims) {
            return images;
        }
        int[] map = new int[dims];
        for (int k = 0; k < dims; k++) {
            map[k] = (int) ((long) k * srcDims / dims);
        }
        int[][] pixels = new int[images.rows()][];
        for (int i = 0; i < pixels.length; i++) {
            int[] src = images.pixels()[i];
            int[] dst = new int[dims];
            for (int k = 0; k < dims; k++) {
                dst[k] = src[map[k]];
            }
            pixels[i] = dst;
        }
        return new Images(images.source() + "; resampled " + srcDims + "->" + dims
                + " dims (nearest, src = floor(k * " + srcDims + " / " + dims + "))", images.pixelWidth(),
                dims, images.labels(), images.sourceIndex(), pixels);
    }
}
