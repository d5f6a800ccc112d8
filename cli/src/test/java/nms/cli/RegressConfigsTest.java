package nms.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nms.config.NmsConfig;
import org.junit.jupiter.api.Test;

/**
 * Every configuration of {@code sim-scripts/regress-configs.txt} is one the config record accepts
 * (the regression found a refused one only after half an hour of simulation), and the list keeps
 * the at least 12 distinct configurations issue 4 asks for.
 */
class RegressConfigsTest {
    @Test
    void everyRegressionConfigurationIsValidAndDistinct() throws Exception {
        Path file = SimScripts.home().resolve("sim-scripts/regress-configs.txt");
        Set<String> hashes = new HashSet<>();
        List<String> lines = Files.readAllLines(file);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).replaceAll("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String where = file.getFileName() + ":" + (n + 1);
            List<String> sets = Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
            NmsConfig c = assertDoesNotThrow(() -> NmsConfig.defaults().withAll(sets), where);
            assertTrue(hashes.add(c.hash()), where + " repeats an earlier configuration");
        }
        assertTrue(hashes.size() >= 12, "only " + hashes.size() + " configurations");
    }
}
