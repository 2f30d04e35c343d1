package com.kyeol.platform.data;

import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.config.StackConfig;
import com.kyeol.platform.support.TestSecrets;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bin/generate-secrets} run for real against a stand-in {@code pulumi} that records its arguments and what
 * it reads on standard input: the values are valid for the stack, reach pulumi only through stdin, and are never
 * printed. Needs bash and openssl (skipped without them); no network, no Pulumi CLI.
 */
class GenerateSecretsScriptTest {

    private static final Path SCRIPT = Path.of("bin/generate-secrets").toAbsolutePath();
    /** A stand-in pulumi: `config get` succeeds only for keys listed in $FAKE/existing; `config set` keeps stdin. */
    private static final String FAKE_PULUMI = """
            #!/usr/bin/env bash
            echo "$*" >> "$FAKE/calls"
            if [ "$1 $2" = "config get" ]; then grep -qx "${@: -1}" "$FAKE/existing" 2>/dev/null; exit; fi
            if [ "$1 $2" = "config set" ]; then n=$(wc -l < "$FAKE/calls"); cat > "$FAKE/stdin-$n-${@: -1}"; fi
            """;

    private record Run(int code, String out, String err) {
    }

    @TempDir
    Path fake;

    @BeforeAll
    static void toolsArePresent() {
        assumeTrue(onPath("bash") && onPath("openssl"), "bash and openssl are needed to run the script");
    }

    private static boolean onPath(String tool) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    private Run run(String... args) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(fake.resolve("bin"));
        Files.writeString(bin.resolve("pulumi"), FAKE_PULUMI);
        bin.resolve("pulumi").toFile().setExecutable(true);
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("FAKE", fake.toString());
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the script finished");
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** What the stand-in pulumi received on stdin, by config key. */
    private Map<String, String> storedValues() throws IOException {
        Map<String, String> values = new HashMap<>();
        try (var files = Files.list(fake)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("stdin-")).toList()) {
                String name = file.getFileName().toString();
                values.put(name.substring(name.indexOf('-', 6) + 1), Files.readString(file));
            }
        }
        return values;
    }

    private String calls() throws IOException {
        Path calls = fake.resolve("calls");
        return Files.exists(calls) ? Files.readString(calls) : "";
    }

    @Test
    void dryRunPrintsTheThreeCommandsAndNoValue() throws Exception {
        Run r = run("dev", "--dry-run");
        assertEquals(0, r.code(), r.err());
        for (String key : List.of(TestSecrets.SECRET_KEY_NAME, TestSecrets.RSA_KEY_NAME, TestSecrets.CACHE_TOKEN_NAME,
                TestSecrets.ORIGIN_SECRET_NAME)) {
            assertTrue(r.out().contains("would run: pulumi config set --secret --stack dev " + key), r.out());
        }
        assertEquals("", calls(), "a dry run calls no pulumi");
        assertFalse(r.out().contains("BEGIN"), "no key material");
        assertFalse(Pattern.compile("[A-Za-z0-9+/=]{24,}").matcher(r.out() + r.err()).find(), "nothing value-like: " + r.out());
    }

    @Test
    void valuesReachPulumiOnlyOnStdinAreValidAndAreNeverPrinted() throws Exception {
        Run r = run("dev");
        assertEquals(0, r.code(), r.err());
        Map<String, String> values = storedValues();
        String calls = calls();
        assertEquals(4, values.size(), () -> "stored: " + values.keySet() + "\n" + calls);
        for (String key : List.of(TestSecrets.SECRET_KEY_NAME, TestSecrets.RSA_KEY_NAME, TestSecrets.CACHE_TOKEN_NAME,
                TestSecrets.ORIGIN_SECRET_NAME)) {
            assertTrue(calls.contains("config set --secret --stack dev " + key), calls);
            String value = values.get(key);
            assertFalse(calls.contains(value.lines().findFirst().orElseThrow().substring(0, 20)), "not on a command line");
            for (String line : value.lines().filter(l -> l.length() > 16).toList()) {
                assertFalse(r.out().contains(line) || r.err().contains(line), "printed: " + key);
            }
        }
        assertTrue(values.get(TestSecrets.RSA_KEY_NAME).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals(64, values.get(TestSecrets.CACHE_TOKEN_NAME).length());
        assertTrue(values.get(TestSecrets.SECRET_KEY_NAME).length() >= 50);

        // The generated values pass the same validation a real `pulumi up` applies.
        StackConfig base = TestStacks.config("dev");
        Map<String, String> config = new HashMap<>(base.values());
        config.putAll(values);
        var secretKeys = new HashSet<>(values.keySet());
        var settings = SettingsLoader.load(new StackConfig(base.project(), "dev", base.source(), config, secretKeys, false), List.of());
        assertTrue(settings.saleorSecrets().isPresent());
        assertTrue(settings.edge().isPresent(), "the origin secret is valid too");
    }

    @Test
    void existingValuesAreKeptUnlessForced() throws Exception {
        Files.writeString(fake.resolve("existing"), TestSecrets.SECRET_KEY_NAME + "\n");
        Run kept = run("stage");
        assertEquals(0, kept.code(), kept.err());
        assertTrue(kept.out().contains("kept " + TestSecrets.SECRET_KEY_NAME), kept.out());
        assertFalse(storedValues().containsKey(TestSecrets.SECRET_KEY_NAME));
        assertEquals(3, storedValues().size(), "the other three are set");

        Run forced = run("stage", "--force");
        assertEquals(0, forced.code(), forced.err());
        assertTrue(storedValues().containsKey(TestSecrets.SECRET_KEY_NAME));
    }

    @Test
    void theHubAndUnknownStacksAreRefused() throws Exception {
        Run hub = run("mgmt", "--dry-run");
        assertEquals(2, hub.code());
        assertTrue(hub.err().contains("mgmt is the hub (role: hub), which runs no Saleor"), hub.err());
        assertEquals(2, run("nosuchstack", "--dry-run").code());
        assertEquals(2, run().code());
        assertEquals(2, run("dev", "--bogus").code());
    }
}
