package nms.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nms.config.NmsConfig;
import org.junit.jupiter.api.Test;

/**
 * Every configuration of {@code sim-scripts/regress-configs.txt} is one the config record accepts
 * (the regression found a refused one only after half an hour of simulation), and the list keeps
 * the at least 12 distinct configurations issue 4 asks for, and LRT entries ({@code @lrt}, issue 14).
 */
class RegressConfigsTest {
    @Test
    void everyRegressionConfigurationIsValidAndDistinct() throws Exception {
        Path file = SimScripts.home().resolve("sim-scripts/regress-configs.txt");
        Set<String> hashes = new HashSet<>();
        List<String> lines = Files.readAllLines(file);
        int lrt = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).replaceAll("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String where = file.getFileName() + ":" + (n + 1);
            List<String> sets = new ArrayList<>(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
            if (sets.get(0).equals("@lrt") || sets.get(0).startsWith("@lrt=")) {
                // ./nms lrt sets lrt = true and each layer's shape and lanes itself
                String layers = sets.remove(0);
                assertTrue(layers.equals("@lrt") || List.of("conv1", "conv2", "fc1", "fc2")
                        .containsAll(List.of(layers.substring(5).split(","))), where + ": unknown layer in " + layers);
                sets.add("lrt=true");
                lrt++;
            }
            NmsConfig c = assertDoesNotThrow(() -> NmsConfig.defaults().withAll(sets), where);
            assertTrue(hashes.add(c.hash()), where + " repeats an earlier configuration");
        }
        assertTrue(hashes.size() >= 12, "only " + hashes.size() + " configurations");
        assertTrue(lrt >= 1, "no LRT entry (issue 14: the LRT units in the regression)");
    }
}
