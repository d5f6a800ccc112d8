package nms.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import nms.data.Images;
import nms.lrt.LowRankTrainer;
import nms.lrt.StreamingKroneckerSum.Variant;
import nms.lrt.WriteCounter;

/**
 * Offline pre-training, then one online pass per method over the same stream: predict, score,
 * then train (prequential accuracy). Every method starts from the same pre-trained snapshot and
 * sees the same images, augmentations and drift random numbers.
 */
public final class OnlineExperiment {

    /** Everything a run depends on; {@link #defaults()} is the documented default. */
    public record Settings(long seed, int channels1, int channels2, int hidden, int pretrainEpochs,
                           double pretrainLr, int onlineSamples, int regime, double driftRate, int driftEvery,
                           double sgdLr, double lrtLr, double biasLr, int rank, double kappa, int pseudoBatchDense,
                           int pseudoBatchConv, boolean maxNorm, double minDensity, int window) {
        public Settings {
            if (onlineSamples < 1 || regime < 1 || window < 1 || driftEvery < 1) {
                throw new IllegalArgumentException("online samples, regime, window and drift interval must be >= 1");
            }
            if (channels1 < 1 || channels2 < 1 || hidden < 1 || pretrainEpochs < 0) {
                throw new IllegalArgumentException("channels and hidden width must be >= 1, epochs >= 0");
            }
        }

        public static Settings defaults() {
            return new Settings(1, 16, 16, 64, 1, 0.1, 2000, 2000, 10.0, 10, 0.1, 0.01, 0.01, 4, 100, 100, 10,
                    true, 0.01, 250);
        }

        public Settings withSeed(long s) {
            return new Settings(s, channels1, channels2, hidden, pretrainEpochs, pretrainLr, onlineSamples, regime,
                    driftRate, driftEvery, sgdLr, lrtLr, biasLr, rank, kappa, pseudoBatchDense, pseudoBatchConv,
                    maxNorm, minDensity, window);
        }

        /** The online learning rates of the weights (SGD, LRT) and of biases and batch-norm parameters. */
        public Settings withLearningRates(double sgd, double lrt, double bias) {
            return new Settings(seed, channels1, channels2, hidden, pretrainEpochs, pretrainLr, onlineSamples, regime,
                    driftRate, driftEvery, sgd, lrt, bias, rank, kappa, pseudoBatchDense, pseudoBatchConv, maxNorm,
                    minDensity, window);
        }

        public Settings withPretrainEpochs(int e) {
            return new Settings(seed, channels1, channels2, hidden, e, pretrainLr, onlineSamples, regime,
                    driftRate, driftEvery, sgdLr, lrtLr, biasLr, rank, kappa, pseudoBatchDense, pseudoBatchConv,
                    maxNorm, minDensity, window);
        }

        /** The LRT rank r (the hardware vectors take it from the configuration's lrt_rank). */
        public Settings withRank(int r) {
            return new Settings(seed, channels1, channels2, hidden, pretrainEpochs, pretrainLr, onlineSamples, regime,
                    driftRate, driftEvery, sgdLr, lrtLr, biasLr, r, kappa, pseudoBatchDense, pseudoBatchConv,
                    maxNorm, minDensity, window);
        }

        public Settings withOnlineSamples(int n) {
            return new Settings(seed, channels1, channels2, hidden, pretrainEpochs, pretrainLr, n, regime, driftRate,
                    driftEvery, sgdLr, lrtLr, biasLr, rank, kappa, pseudoBatchDense, pseudoBatchConv, maxNorm,
                    minDensity, window);
        }
    }

    /** One method's run. */
    public record MethodResult(String method, boolean[] correct, List<LayerWrites> layers, long auxMemoryWords,
                               double seconds, Map<String, Long> counters) {
        public double accuracyMean() {
            return fraction(0, correct.length);
        }

        /** Accuracy over the last {@code window} samples. */
        public double accuracyFinal(int window) {
            return fraction(Math.max(0, correct.length - window), correct.length);
        }

        double fraction(int from, int to) {
            int c = 0;
            for (int i = from; i < to; i++) {
                if (correct[i]) {
                    c++;
                }
            }
            return to > from ? (double) c / (to - from) : 0;
        }

        public long maxWritesPerCell() {
            return layers.stream().mapToLong(l -> l.writes() == null ? 0 : l.writes().max()).max().orElse(0);
        }

        public long maxWritesPerCellPerSample() {
            return layers.stream().mapToLong(l -> l.perSample() == null ? 0 : l.perSample().max()).max().orElse(0);
        }

        public long totalWrites() {
            return layers.stream().mapToLong(l -> l.writes() == null ? 0 : l.writes().total()).sum();
        }

        public long totalWritesPerSample() {
            return layers.stream().mapToLong(l -> l.perSample() == null ? 0 : l.perSample().total()).sum();
        }

        /** All cells' counts, layers concatenated (zeros for a method that never writes). */
        public long[] writesPerCell() {
            int size = layers.stream().mapToInt(LayerWrites::cells).sum();
            long[] all = new long[size];
            int at = 0;
            for (LayerWrites l : layers) {
                if (l.writes() != null) {
                    System.arraycopy(l.writes().counts(), 0, all, at, l.cells());
                }
                at += l.cells();
            }
            return all;
        }
    }

    /** Per layer: the paper's count (per pixel for SGD convolutions) and the per-sample count. */
    public record LayerWrites(String layer, int cells, WriteCounter writes, WriteCounter perSample, long attempts,
                              long accepted) {
    }

    /** Pre-training summary. */
    public record Pretrained(List<double[]> snapshot, double accuracyLastEpoch, int samples, double seconds) {
    }

    private final Settings settings;

    public OnlineExperiment(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    QuantizedNet network() {
        return new QuantizedNet(settings.channels1(), settings.channels2(), settings.hidden(), 10,
                Quantization.authors(), settings.seed());
    }

    /** Float-master-weight SGD at batch 1 over {@code pool}, shuffled per epoch, then snapped to the grids. */
    public Pretrained pretrain(Images pool, java.io.PrintStream progress) {
        long t0 = System.nanoTime();
        QuantizedNet net = network();
        Training t = new Training(settings.pretrainLr(), false, true, settings.pretrainLr(), true);
        SplittableRandom rnd = new SplittableRandom(settings.seed() ^ 0x5EED);
        int correct = 0;
        int[] order = new int[pool.rows()];
        for (int e = 0; e < settings.pretrainEpochs(); e++) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            correct = 0;
            for (int k = 0; k < order.length; k++) {
                int row = order[k];
                double[] logits = net.forward(pixels(pool, row));
                if (SoftmaxCrossEntropy.argmax(logits) == pool.labels()[row]) {
                    correct++;
                }
                net.train(logits, pool.labels()[row], t);
                if (progress != null && (k + 1) % 5000 == 0) {
                    progress.printf("train: pre-training epoch %d, %d/%d, running accuracy %.1f%%%n", e + 1, k + 1,
                            order.length, 100.0 * correct / (k + 1));
                }
            }
        }
        net.quantizeParameters();
        return new Pretrained(net.snapshot(), order.length == 0 ? 0 : (double) correct / order.length,
                order.length * settings.pretrainEpochs(), (System.nanoTime() - t0) / 1e9);
    }

    /** The online stream of a scenario: images (augmented for shift) and labels, fixed by the seed. */
    public record Stream(double[][] images, int[] labels, int[] regimes) {
    }

    public Stream stream(Images online, Scenario scenario) {
        int count = Math.min(settings.onlineSamples(), online.rows());
        double[][] images = new double[count][];
        int[] labels = new int[count];
        int[] regimes = new int[count];
        SplittableRandom rnd = new SplittableRandom(settings.seed() ^ 0xA06);
        for (int t = 0; t < count; t++) {
            int regime = scenario == Scenario.SHIFT ? (t / settings.regime()) % Augment.REGIMES : 0;
            images[t] = Augment.apply(regime, pixels(online, t), rnd);
            labels[t] = online.labels()[t];
            regimes[t] = regime;
        }
        return new Stream(images, labels, regimes);
    }

    public MethodResult run(Method method, Pretrained pre, Stream stream, Scenario scenario,
                            java.io.PrintStream progress) {
        return run(method, pre, stream, scenario, progress, java.util.Map.of());
    }

    /** As {@link #run}, with LRT pair taps by layer name (layers without one are not tapped). */
    public MethodResult run(Method method, Pretrained pre, Stream stream, Scenario scenario,
                            java.io.PrintStream progress, java.util.Map<String, LrtUpdate.PairTap> taps) {
        long t0 = System.nanoTime();
        QuantizedNet net = network();
        net.restore(pre.snapshot());
        List<LrtUpdate> lrts = new ArrayList<>();
        long seedBase = settings.seed() * 1_000_003L;
        nms.config.NmsConfig hardware = nms.config.NmsConfig.defaults().with("seed", Long.toString(settings.seed()));
        int index = 0;
        for (WeightLayer layer : net.weightLayers()) {
            WeightUpdate u = switch (method) {
                case SGD -> new SgdUpdate(layer.grid(), settings.sgdLr(), layer.inputs(), layer.outputs(),
                        layer.pixels());
                case LRT, LRT_BIASED -> {
                    LowRankTrainer.Settings s = lrtSettings(layer.pixels() > 1)
                            .withVariant(method == Method.LRT ? Variant.UNBIASED : Variant.BIASED);
                    LrtUpdate l = new LrtUpdate(new LowRankTrainer(s, layer.inputs(), layer.outputs(), layer.pixels(),
                            layer.grid(), seedBase + index));
                    l.tap(taps.get(layer.name()));
                    lrts.add(l);
                    yield l;
                }
                case LRT_INT -> new LrtIntUpdate(hardware, layer, settings.rank(), settings.kappa(),
                        layer.pixels() > 1 ? settings.pseudoBatchConv() : settings.pseudoBatchDense(),
                        settings.lrtLr(), settings.minDensity(), true, index);
                case BIAS_ONLY, INFERENCE -> WeightUpdate.NONE;
            };
            layer.setUpdate(u);
            index++;
        }
        boolean norm = method.lowRank() && settings.maxNorm();
        Training t = new Training(settings.biasLr(), norm, false, 0, method.trains());
        Drift drift = new Drift(scenario, settings.driftRate(), settings.driftEvery(), settings.seed() ^ 0xD81F7);
        boolean[] correct = new boolean[stream.labels().length];
        for (int s = 0; s < correct.length; s++) {
            drift.apply(s, net);
            double[] logits = net.forward(stream.images()[s]);
            correct[s] = SoftmaxCrossEntropy.argmax(logits) == stream.labels()[s];
            if (method.trains()) {
                net.train(logits, stream.labels()[s], t);
            }
            if (progress != null && (s + 1) % 2000 == 0) {
                progress.printf("train: %s %s %d/%d%n", scenario.id(), method.id(), s + 1, correct.length);
            }
        }
        List<LayerWrites> layers = new ArrayList<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        long aux = 0;
        for (WeightLayer layer : net.weightLayers()) {
            WeightUpdate u = layer.weightUpdate();
            long attempts = 0;
            long accepted = 0;
            if (u instanceof LrtUpdate l) {
                attempts = l.trainer().attempts();
                accepted = l.trainer().writes();
            }
            if (u instanceof LrtIntUpdate l) {
                attempts = l.attempts();
                accepted = l.writes();
                l.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
            }
            layers.add(new LayerWrites(layer.name(), layer.inputs() * layer.outputs(), u.counter(),
                    u.perSampleCounter(), attempts, accepted));
            aux += u.memoryWords();
        }
        return new MethodResult(method.id(), correct, layers, aux, (System.nanoTime() - t0) / 1e9, counters);
    }

    LowRankTrainer.Settings lrtSettings(boolean conv) {
        return LowRankTrainer.Settings.defaults().withRank(settings.rank()).withKappa(settings.kappa())
                .withPseudoBatch(conv ? settings.pseudoBatchConv() : settings.pseudoBatchDense())
                .withLr(settings.lrtLr()).withMaxNorm(settings.maxNorm());
    }

    /** Words of a dense gradient accumulator for the same layers (n x m each). */
    public long denseAccumulatorWords() {
        return network().weightLayers().stream().mapToLong(l -> (long) l.inputs() * l.outputs()).sum();
    }

    /** Layer shapes for the report: name -> {n, m, pixels}. */
    public Map<String, int[]> layerShapes() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (WeightLayer l : network().weightLayers()) {
            shapes.put(l.name(), new int[] {l.inputs(), l.outputs(), l.pixels()});
        }
        return shapes;
    }

    static double[] pixels(Images images, int row) {
        int[] src = images.pixels()[row];
        double max = (1 << images.pixelWidth()) - 1;
        double[] x = new double[src.length];
        for (int i = 0; i < src.length; i++) {
            x[i] = src[i] / max;
        }
        return x;
    }
}
