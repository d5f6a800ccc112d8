package nms.cli;

import nms.config.NmsConfig;
import nms.data.DatasetSpec;
import nms.data.Datasets;
import nms.data.Images;
import picocli.CommandLine.Option;

/** Which images a command reads, shared by golden, flow and eval. */
public final class DatasetOptions {
    @Option(names = "--dataset", defaultValue = "fashion-mnist",
            description = "fashion-mnist | csv:PATH | synthetic (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--split", description = "train | test, Fashion-MNIST only (default: test).")
    String split;

    @Option(names = "--per-class", defaultValue = "100",
            description = "Rows per class, the first in file order; 0 = all (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--classes", description = "Class list such as 0,3,7 or 0-4 (default: all).")
    String classes;

    public DatasetSpec spec(NmsConfig c) {
        String s = split == null && dataset.equals("fashion-mnist") ? "test" : split;
        String d = dataset.startsWith("csv:") && dataset.length() > 4
                ? "csv:" + CliPaths.resolve(dataset.substring(4)) : dataset;
        return DatasetSpec.parse(d, s, perClass, classes, c.pixelWidth(), c.dims(), c.seed());
    }

    public Images load(NmsConfig c) {
        return Datasets.load(spec(c));
    }
}
