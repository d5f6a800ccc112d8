package nms.cli;

import nms.config.NmsConfig;
import nms.data.DatasetSpec;
import nms.data.Datasets;
import nms.data.Images;
import picocli.CommandLine.Option;

/**
 * Which images a command reads, shared by golden, flow, select and eval. Golden and flow default to
 * the first 100 rows per class of Fashion-MNIST's test split (a quick look at real images); select
 * and eval, which work on a whole pool, pass their own defaults ({@link #spec(NmsConfig, String, int)}).
 */
public final class DatasetOptions {
    @Option(names = "--dataset", defaultValue = "fashion-mnist",
            description = "fashion-mnist | csv:PATH | idx:DIR | synthetic (default: ${DEFAULT-VALUE}). "
                    + "idx:DIR reads the folder's one IDX image file and label file, found by their magic "
                    + "numbers whatever their names.")
    String dataset;

    @Option(names = "--split", description = "Fashion-MNIST: train | test (default: test; select and eval: train). "
            + "idx:DIR: the start of the file names of one pair, when the folder holds several.")
    String split;

    @Option(names = "--per-class",
            description = "Rows per class, the first in file order; 0 = all (default: 100; select and eval: all).")
    Integer perClass;

    @Option(names = "--classes", description = "Class list such as 0,3,7 or 0-4 (default: all).")
    String classes;

    /** Golden and flow's defaults: Fashion-MNIST test split, 100 rows per class. */
    public DatasetSpec spec(NmsConfig c) {
        return spec(c, "test", 100);
    }

    /** The spec with a command's own defaults for a Fashion-MNIST split and the rows per class. */
    public DatasetSpec spec(NmsConfig c, String fashionSplit, int defaultPerClass) {
        String s = split == null && dataset.equals("fashion-mnist") ? fashionSplit : split;
        return DatasetSpec.parse(userPaths(dataset), s, perClass == null ? defaultPerClass : perClass, classes,
                c.pixelWidth(), c.dims(), c.seed());
    }

    /** The file or folder a dataset names ({@code csv:F}, {@code idx:DIR}), as typed; else null. */
    static String localPath(String dataset) {
        for (String kind : new String[] {"csv:", "idx:"}) {
            if (dataset.startsWith(kind) && dataset.length() > kind.length()) {
                return dataset.substring(kind.length());
            }
        }
        return null;
    }

    /** A dataset whose file or folder is resolved against the user's folder. */
    static String userPaths(String dataset) {
        String path = localPath(dataset);
        return path == null ? dataset : dataset.substring(0, 4) + CliPaths.resolve(path);
    }

    public Images load(NmsConfig c) {
        return Datasets.load(spec(c));
    }

    /**
     * A whole pool (Fashion-MNIST's train split, every row) in the config's pixel width; images of
     * another pixel count than {@code dims} are refused ({@link Datasets#loadExactShape}).
     */
    public Images loadPool(NmsConfig c) {
        return Datasets.loadExactShape(spec(c, "train", 0));
    }
}
