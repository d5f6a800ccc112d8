package nms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nms.config.NmsConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 through the real {@code ./nms} script: relative paths are the user's, wherever the
 * launcher lives. The script is copied into a checkout-like tree whose {@code cli/target/nms.jar}
 * is a manifest-only jar over this test's classpath, so the launcher finds it fresh and runs the
 * CLI under test without building anything.
 */
class LauncherTest {
    @TempDir
    Path dir;

    Path checkout;
    Path elsewhere;

    @BeforeEach
    void checkoutWithLauncher() throws Exception {
        checkout = Files.createDirectories(dir.resolve("checkout"));
        Path launcher = CliPaths.checkout().orElseThrow().resolve("nms");
        Files.copy(launcher, checkout.resolve("nms"));
        Files.writeString(checkout.resolve("README.md"), "# nms\n");
        Path jar = Files.createDirectories(checkout.resolve("cli/target")).resolve("nms.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, Stream.of(System.getProperty("java.class.path")
                .split(java.io.File.pathSeparator)).map(p -> Path.of(p).toUri().toString()).collect(Collectors.joining(" ")));
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.flush();
        }
        elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    }

    /** Runs {@code launcher args...} in {@code cwd}; exit status and all output. */
    static Map.Entry<Integer, String> launch(Path cwd, String launcher, String... args) throws Exception {
        List<String> cmd = Stream.concat(Stream.of("bash", launcher), Stream.of(args)).toList();
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return Map.entry(p.waitFor(), out);
    }

    @Test
    void relativeOutAndConfigAreTakenFromWhereTheUserStands() throws Exception {
        Files.writeString(elsewhere.resolve("my.conf"), "dims = 16\nlanes = 2\n");
        var r = launch(elsewhere, "../checkout/nms", "rtl", "--config", "my.conf", "--out", "relout");
        assertEquals(0, r.getKey(), r.getValue());
        String hash = NmsConfig.defaults().withAll(List.of("dims=16", "lanes=2")).hash();
        assertTrue(Files.readString(elsewhere.resolve("relout/summary.csv")).contains("config_hash," + hash),
                r.getValue());
        try (Stream<Path> s = Files.list(checkout)) {
            assertEquals(List.of("README.md", "cli", "nms"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing written into the checkout");
        }
    }

    @Test
    void outDotInTheCheckoutIsRefusedAndTheCheckoutStays() throws Exception {
        var r = launch(checkout, "./nms", "rtl", "--force", "--out", ".");
        assertEquals(2, r.getKey(), r.getValue());
        assertTrue(r.getValue().contains("it is the nms checkout"), r.getValue());
        assertEquals("# nms\n", Files.readString(checkout.resolve("README.md")));
        assertTrue(Files.isRegularFile(checkout.resolve("nms")) && Files.isRegularFile(checkout.resolve("cli/target/nms.jar")));
    }
}
