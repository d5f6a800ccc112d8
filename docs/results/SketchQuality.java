import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import nms.eval.Evaluation;
import nms.eval.Plots;

/**
 * Combines several `./nms eval` folders (one per distance setting, selector desne_fixed) into one
 * table: accuracy per budget, mean ± sample std over seeds, and the paired per-seed difference
 * to the first folder (the exact-distance reference). Writes OUT.md (table only), OUT-summary.csv
 * (metric,value) and, when SCORED is "test", OUT.png (accuracy versus budget,
 * Plots.accuracyVersusBudget, whose axis says test accuracy).
 *
 * Run: java -cp cli/target/nms.jar docs/results/SketchQuality.java OUT SCORED label=DIR ...
 * (SCORED: test or validation; the first label is the reference).
 */
public class SketchQuality {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String selector = "desne_fixed";
        Map<String, Map<String, TreeMap<Long, Double>>> acc = new LinkedHashMap<>(); // label -> budget -> seed -> %
        Map<String, Integer> images = new LinkedHashMap<>();
        List<Double> budgets = new ArrayList<>();
        double[] full = null;
        for (int a = 2; a < args.length; a++) {
            String label = args[a].substring(0, args[a].indexOf('='));
            Path dir = Path.of(args[a].substring(args[a].indexOf('=') + 1));
            Map<String, TreeMap<Long, Double>> byBudget = new LinkedHashMap<>();
            List<Double> fullRun = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("runs.csv")).subList(1, Files.readAllLines(dir.resolve("runs.csv")).size())) {
                String[] f = line.split(",");
                if (f[0].equals(selector)) {
                    byBudget.computeIfAbsent(f[1], b -> new TreeMap<>()).put(Long.parseLong(f[2]), Double.parseDouble(f[4]));
                    images.put(f[1], Integer.parseInt(f[3]));
                } else if (f[0].equals("full")) {
                    fullRun.add(Double.parseDouble(f[4]));
                }
            }
            if (byBudget.isEmpty()) {
                throw new IllegalArgumentException(dir + "/runs.csv has no " + selector + " rows");
            }
            acc.put(label, byBudget);
            if (full == null) {
                full = fullRun.stream().mapToDouble(Double::doubleValue).toArray();
            }
        }
        List<String> budgetNames = new ArrayList<>(acc.values().iterator().next().keySet());
        for (String b : budgetNames) {
            budgets.add(Double.parseDouble(b.replace("pct", "")) / 100);
        }
        String ref = acc.keySet().iterator().next();
        StringBuilder md = new StringBuilder("| distances | ");
        for (String b : budgetNames) {
            md.append(b.replace("pct", "%")).append(" (").append(images.get(b)).append(" images) | ");
        }
        md.append("\n|---|");
        budgetNames.forEach(b -> md.append("---:|"));
        md.append('\n');
        StringBuilder delta = new StringBuilder("| distances | ");
        budgetNames.forEach(b -> delta.append(b.replace("pct", "%")).append(": mean (per seed) | "));
        delta.append("worst mean |\n|---|");
        budgetNames.forEach(b -> delta.append("---|"));
        delta.append("---:|\n");
        StringBuilder csv = new StringBuilder("metric,value\n");
        List<Evaluation.Row> rows = new ArrayList<>();
        for (var e : acc.entrySet()) {
            md.append("| ").append(e.getKey()).append(" | ");
            if (!e.getKey().equals(ref)) {
                delta.append("| ").append(e.getKey()).append(" | ");
            }
            double worst = Double.POSITIVE_INFINITY;
            for (int i = 0; i < budgetNames.size(); i++) {
                String b = budgetNames.get(i);
                double[] v = e.getValue().get(b).values().stream().mapToDouble(Double::doubleValue).toArray();
                double m = mean(v);
                double s = std(v, m);
                md.append(String.format(Locale.ROOT, "%.2f ± %.2f | ", m, s));
                String key = e.getKey().replaceAll("[^A-Za-z0-9]+", "_");
                csv.append(String.format(Locale.ROOT, "acc_%s_%s,%.4f%nstd_%s_%s,%.4f%n", key, b, m, key, b, s));
                rows.add(new Evaluation.Row(e.getKey(), budgets.get(i), images.get(b), v, m, s, 0));
                if (!e.getKey().equals(ref)) {
                    TreeMap<Long, Double> r = acc.get(ref).get(b);
                    List<String> per = new ArrayList<>();
                    double[] d = new double[v.length];
                    int k = 0;
                    for (var seed : e.getValue().get(b).entrySet()) {
                        d[k] = seed.getValue() - r.get(seed.getKey());
                        per.add(String.format(Locale.ROOT, "%+.2f", d[k++]));
                    }
                    double dm = mean(d);
                    worst = Math.min(worst, dm);
                    delta.append(String.format(Locale.ROOT, "%+.2f (%s) | ", dm, String.join(", ", per)));
                    csv.append(String.format(Locale.ROOT, "delta_%s_%s,%.4f%n", key, b, dm));
                }
            }
            md.append('\n');
            if (!e.getKey().equals(ref)) {
                delta.append(String.format(Locale.ROOT, "%+.2f |%n", worst));
                csv.append(String.format(Locale.ROOT, "worst_delta_%s,%.4f%n",
                        e.getKey().replaceAll("[^A-Za-z0-9]+", "_"), worst));
            }
        }
        double fm = mean(full);
        md.append(String.format(Locale.ROOT, "%nFull pool (the ceiling): %.2f ± %.2f%%.%n%nDifference to `%s`, "
                + "paired per seed (percentage points):%n%n", fm, std(full, fm), ref)).append(delta);
        csv.append(String.format(Locale.ROOT, "acc_full,%.4f%n", fm));
        Files.writeString(Path.of(out + ".md"), md.toString());
        Files.writeString(Path.of(out + "-summary.csv"), csv.toString());
        if (args[1].equals("test")) { // the plot's axis says test accuracy
            Plots.accuracyVersusBudget(new Evaluation.Result(rows, full, fm, std(full, fm), 0, full.length),
                    Path.of(out + ".png"));
        }
        System.out.print(md);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double std(double[] v, double m) {
        if (v.length < 2) {
            return 0;
        }
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
