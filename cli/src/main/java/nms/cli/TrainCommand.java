package nms.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import nms.data.FashionMnist;
import nms.data.Images;
import nms.train.OnlineExperiment;
import nms.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", description = "Online training at batch 1 on Fashion-MNIST after offline pre-training: "
        + "SGD against low-rank training (LRT) and the baselines on one scenario, prequential accuracy and weight "
        + "writes per cell. Writes accuracy.png, writes_histogram.png, report.md, summary.csv.")
final class TrainCommand implements Callable<Integer> {
    static final int DEFAULT_SAMPLES = 10000;
    static final int DEFAULT_PRETRAIN = 20000;

    @Option(names = "--methods", split = ",", defaultValue = "sgd,lrt,lrt_biased,bias_only,inference",
            description = "Methods, from sgd, lrt, lrt_biased, lrt_int, bias_only, inference (default: all"
                    + " but lrt_int, the integer SKS of the LRT units, which is slower).")
    List<String> methods;

    @Option(names = "--scenario", required = true,
            description = "control | shift | analog | bitflip.")
    String scenario;

    @Option(names = "--samples", defaultValue = "" + DEFAULT_SAMPLES,
            description = "Online samples: the first N test images (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--pretrain", defaultValue = "" + DEFAULT_PRETRAIN,
            description = "Pre-training images: the first N of the train split, one epoch (default: ${DEFAULT-VALUE}).")
    int pretrain;

    @Option(names = "--validation", description = "Stream the train-split images that follow the pre-training "
            + "images instead of the test set: for choosing learning rates without touching the reported numbers.")
    boolean validation;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of initialisation, shuffling, augmentation, "
            + "drift and LRT signs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--sgd-lr", description = "SGD learning rate (default: 0.1).")
    Double sgdLr;

    @Option(names = "--lrt-lr", description = "LRT learning rate (default: 0.01).")
    Double lrtLr;

    @Option(names = "--bias-lr", description = "Learning rate of biases and batch-norm parameters (default: 0.01).")
    Double biasLr;

    @Option(names = "--nms", description = "Also the NMS + LRT study: pre-train on the fraction F of the --pretrain "
            + "images the bit-accurate DE-SNE selector picks (at most max_rows_per_class per class) and on a random "
            + "subset of the same size, then LRT and SGD online from each; its selection goes to DIR/nms_selection.")
    Double nms;

    @Option(names = "--nms-epochs", defaultValue = "5",
            description = "Pre-training epochs on the --nms subsets (default: ${DEFAULT-VALUE}).")
    int nmsEpochs;

    @Mixin
    ConfigOptions config;

    @Option(names = "--out", required = true, description = OutputDir.OUT_HELP)
    Path out;

    @Override
    public Integer call() throws Exception {
        List<String> ids = TrainingRun.checkMethods(methods);
        String sc = TrainingRun.checkScenario(scenario);
        if (samples < 1) {
            throw new IllegalArgumentException("--samples must be >= 1, got " + samples);
        }
        if (pretrain < 0) {
            throw new IllegalArgumentException("--pretrain must be >= 0, got " + pretrain);
        }
        for (Double lr : new Double[] {sgdLr, lrtLr, biasLr}) {
            if (lr != null && !(lr >= 0 && lr < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("--sgd-lr, --lrt-lr and --bias-lr must be finite and >= 0, got " + lr);
            }
        }
        OnlineExperiment.Settings d = OnlineExperiment.Settings.defaults();
        OnlineExperiment.Settings settings = d.withSeed(seed).withOnlineSamples(samples).withLearningRates(
                sgdLr != null ? sgdLr : d.sgdLr(), lrtLr != null ? lrtLr : d.lrtLr(),
                biasLr != null ? biasLr : d.biasLr());
        TrainingRun.NmsRequest study = nms == null ? null : new TrainingRun.NmsRequest(nms, nmsEpochs, config.resolve());
        Images train = FashionMnist.load("train");
        Images test = validation ? null : FashionMnist.load("test");
        int onlineAvailable = validation ? train.rows() - pretrain : test.rows();
        if (pretrain > train.rows() || samples > onlineAvailable) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--pretrain %d and --samples %d: the "
                    + "train split has %d images and the %s %d", pretrain, samples, train.rows(),
                    validation ? "validation stream (train images after the pre-training ones)" : "test split",
                    Math.max(0, onlineAvailable)));
        }
        Images pool = train.select(IntStream.range(0, pretrain).toArray());
        if (study != null && EvalCommand.largestClass(pool) > study.config().maxRowsPerClass()) {
            throw new IllegalArgumentException("--nms selects per class from the --pretrain images: " + pretrain
                    + " images have " + EvalCommand.largestClass(pool) + " in a class, more than max_rows_per_class = "
                    + study.config().maxRowsPerClass() + "; give --pretrain 10000 or less, or --set max_rows_per_class=N");
        }
        Images online = validation ? train.select(IntStream.range(pretrain, pretrain + samples).toArray()) : test;
        System.err.printf(Locale.ROOT, "train: scenario %s, methods %s, pre-training %d, online %d %s images, "
                + "seed %d%n", sc, String.join(",", ids), pretrain, samples, validation ? "validation" : "test", seed);
        try (OutputDir dir = new OutputDir(out)) {
            TrainingRun.Result r = TrainingRun.run(settings, ids, sc, pool, online, study, dir.path(),
                    System.err);
            dir.commit();
            System.err.printf(Locale.ROOT, "train: %.1f s, wrote %s%n", r.seconds(), out);
        }
        return 0;
    }
}
