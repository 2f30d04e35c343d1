package com.kyeol.platform.plan;

import com.google.gson.Gson;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real bin/plan script, as a user runs it from wherever they are (on the test classpath instead of the jar, which
 * {@code mvn verify} builds after the tests): help, an unknown stack, paths relative to the current directory, and
 * what the first build shows while Maven downloads.
 */
class BinPlanScriptTest {

    private static final Path BIN_PLAN = Path.of("bin/plan").toAbsolutePath();

    private record Run(int code, String out, String err) {
    }

    private static Run run(Path cwd, Map<String, String> env, String... command) throws Exception {
        var builder = new ProcessBuilder(command).directory(cwd.toFile());
        builder.environment().put("KYEOL_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void helpAndAnUnknownStack(@TempDir Path cwd) throws Exception {
        Run help = run(cwd, Map.of(), "bash", BIN_PLAN.toString(), "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().startsWith(OfflinePlan.USAGE), help.out());
        OfflinePlan.OPTIONS.forEach(o -> assertTrue(help.out().contains("  " + o.synopsis() + " "), o.name()));
        assertTrue(help.err().isEmpty(), "no build or install chatter for --help: " + help.err());

        Run unknown = run(cwd, Map.of(), "bash", BIN_PLAN.toString(), "qa2");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("bin/plan: no stack 'qa2'") && unknown.err().contains("the stacks are: " + String.join(", ", TestStacks.stacks()) + " (or all)"),
                unknown.err());
        assertFalse(unknown.err().contains("Exception") || unknown.err().contains("\tat "), unknown.err());
    }

    /** --config-file and --out name paths relative to where the user is, not to the repository. */
    @Test
    void pathsAreRelativeToTheCurrentDirectory(@TempDir Path cwd) throws Exception {
        Files.copy(Path.of("Pulumi.dev.yaml"), cwd.resolve("edited.yaml"));
        Run r = run(cwd, Map.of(), "bash", BIN_PLAN.toString(), "dev", "--config-file", "edited.yaml", "--out", "plans", "--json",
                "--no-policy");
        assertEquals(0, r.code(), r.err());
        Map<?, ?> written = new Gson().fromJson(Files.readString(cwd.resolve("plans/dev.json")), Map.class);
        assertEquals("dev", written.get("stack"));
        assertEquals(new Gson().fromJson(r.out(), Map.class), written, "what --out writes is what --json prints");
        assertFalse(Files.exists(Path.of("plans/dev.json").toAbsolutePath()) && Files.getLastModifiedTime(Path.of("plans/dev.json"))
                .toMillis() > System.currentTimeMillis() - 60_000, "nothing written into the repository");

        Run missing = run(cwd, Map.of(), "bash", BIN_PLAN.toString(), "dev", "--config-file", "nope.yaml", "--no-policy");
        assertEquals(2, missing.code());
        assertEquals(cwd.resolve("nope.yaml") + ": (file): does not exist; expected a readable YAML file\n", missing.err());
    }

    /** The first build shows what Maven downloads (a stand-in mvn prints what Maven prints), and where the log is. */
    @Test
    void theFirstBuildSaysWhatItDownloadsAndHowLong(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("mvn"), String.join("\n", "#!/bin/bash",
                "echo '[INFO] Scanning for projects...'",
                "echo 'Downloading from central: https://repo.maven.apache.org/maven2/com/pulumi/aws/6.83.0/aws-6.83.0.jar'",
                "echo 'Downloaded from central: https://repo.maven.apache.org/maven2/com/pulumi/aws/6.83.0/aws-6.83.0.jar (49 MB at 6.1 MB/s)'",
                "echo 'Downloaded from central: https://repo.maven.apache.org/maven2/com/pulumi/pulumi/1.36.1/pulumi-1.36.1.pom (3 kB at 20 kB/s)'",
                "echo '[INFO] BUILD SUCCESS'", ""));
        Files.setPosixFilePermissions(bin.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(root.resolve("bin/lib"));
        Files.copy(Path.of("bin/lib/java.sh"), root.resolve("bin/lib/java.sh"));
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "source " + root.resolve("bin/lib/java.sh") + " && kyeol_build bin/plan"));
        Run first = run(dir, Map.of("PATH", bin + ":/usr/bin:/bin", "HOME", dir.resolve("home").toString()), command.toArray(String[]::new));
        assertEquals(0, first.code(), first.err());
        List<String> lines = first.err().lines().toList();
        assertTrue(lines.get(0).startsWith("bin/plan: first build: Maven downloads the Pulumi SDKs"), first.err());
        assertTrue(lines.get(0).contains("1 to 3 minutes"), "roughly how long: " + lines.get(0));
        assertEquals("bin/plan:   downloaded aws-6.83.0.jar (49 MB)", lines.get(1), "each jar as it arrives, poms left out");
        assertTrue(lines.get(2).matches("bin/plan: built in \\d+ s"), lines.get(2));
        assertEquals(3, lines.size(), first.err());
        assertTrue(Files.readString(root.resolve("target/build.log")).contains("BUILD SUCCESS"), "Maven's whole output is kept");
    }
}
