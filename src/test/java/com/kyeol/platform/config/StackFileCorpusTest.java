package com.kyeol.platform.config;

import com.kyeol.platform.plan.OfflinePlan;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corpus of stack files that cannot be read (src/test/resources/config-corpus, see its README): each goes through
 * {@code bin/plan} in a copy of the project and must give exit code 2, nothing planned, and exactly its expected lines.
 */
class StackFileCorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/config-corpus");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
            assertTrue(names.size() >= 10, names::toString);
            return names.stream();
        }
    }

    /** The project's own files, so that every case is checked against the real siblings. */
    static Path copyOfProject(Path dir) throws IOException {
        for (String file : List.of("Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.stage.yaml", "Pulumi.prod.yaml", "Pulumi.mgmt.yaml")) {
            Files.copy(Path.of(file), dir.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBrokenStackFileIsRefusedWithExactlyItsLines(String name, @TempDir Path dir) throws IOException {
        String text = Files.readString(CORPUS.resolve(name));
        String file = header(text, "file").orElseThrow(() -> new AssertionError(name + " has no '# file:' line"));
        String plan = header(text, "plan").orElse(file);
        List<String> expected = text.lines().filter(l -> l.startsWith("# expect: ")).map(l -> l.substring("# expect: ".length())).toList();
        assertFalse(expected.isEmpty(), name + " expects nothing");

        Files.writeString(copyOfProject(dir).resolve("Pulumi." + file + ".yaml"), text);
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = OfflinePlan.run(new String[] {plan, "--no-policy", "--project-dir", dir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(expected, stderr.lines().filter(l -> !l.startsWith("bin/plan: note: ")).toList(), stderr);
        assertEquals(2, code, stderr);
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing is planned");
        assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), "no stack trace: " + stderr);
    }

    private static java.util.Optional<String> header(String text, String key) {
        return text.lines().filter(l -> l.startsWith("# " + key + ": ")).map(l -> l.substring(key.length() + 4).trim()).findFirst();
    }
}
