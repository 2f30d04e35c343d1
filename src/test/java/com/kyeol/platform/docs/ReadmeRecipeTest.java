package com.kyeol.platform.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's new-environment recipe, run as written in a copy of the repository, leaves the tests green: every
 * command of its code block succeeds, then the test classes that read the stack files, overlays, workflows and docs
 * run in that copy (in a JVM of their own, whose working directory is the copy) and pass.
 */
class ReadmeRecipeTest {

    /**
     * The tests that check what a new stack file must come with: the workflows' matrices, the GitOps overlay and
     * the Application's patches, the policy configuration of its tier, the generated diagrams, estimates and stacks table, and the docs (what the
     * recipe broke before environments were derived from their stack files). The policy pack itself runs over the new
     * stack in the recipe's own {@code bin/plan}. The per-component plan tests are left out: the new stack is a copy of
     * an existing one, whose plan they already check, and they would double this test's time.
     */
    static final List<String> AFFECTED = List.of(
            "com.kyeol.platform.delivery.DeliveryWorkflowsTest",
            "com.kyeol.platform.gitops.GitOpsTreeTest",
            "com.kyeol.platform.gitops.HubAndSpokesPlanTest",
            "com.kyeol.platform.plan.PolicyGateTest#everyStacksTierHasAPolicyConfiguration(java.lang.String)",
            "com.kyeol.platform.plan.ReadmeDiagramsTest",
            "com.kyeol.platform.cost.CostDocsTest",
            "com.kyeol.platform.gitops.CapacityPlanTest",
            "com.kyeol.platform.config.SettingsLoaderTest#everyRealStackFileLoadsWithoutAProblem()",
            "com.kyeol.platform.tools.NewEnvironmentTest",
            "com.kyeol.platform.plan.OfflinePlanTest#helpListsEveryOptionOnOneLineAndExitsZero()",
            "com.kyeol.platform.plan.OfflinePlanTest#anUnknownStackListsTheKnownOnes()",
            "com.kyeol.platform.plan.OfflinePlanTest#placeholderSecretsAreOneLineUnlessVerbose()",
            "com.kyeol.platform.docs.DocsNamesTest");

    /** The commands of the first bash block under the README's "A new environment" heading. */
    static List<String> recipe(String readme) {
        String section = readme.substring(readme.indexOf("## A new environment"));
        String block = section.substring(section.indexOf("```bash\n") + "```bash\n".length());
        block = block.substring(0, block.indexOf("```"));
        return block.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    @Test
    void theRecipeIsTheOneCommandAndAPlan() throws IOException {
        List<String> recipe = recipe(Files.readString(Path.of("README.md")));
        assertEquals(2, recipe.size(), recipe::toString);
        assertTrue(recipe.get(0).startsWith("bin/new-environment "), recipe.get(0));
        assertTrue(recipe.get(1).startsWith("bin/plan "), recipe.get(1));
    }

    @Test
    void theReadmesNewEnvironmentRecipeLeavesTheTestsGreen(@TempDir Path copy) throws Exception {
        List<String> recipe = recipe(Files.readString(Path.of("README.md")));
        String name = recipe.get(0).split("\\s+")[1];
        // After someone followed the recipe here, the copy starts without its environment, as a fresh clone would.
        copyRepository(Path.of("").toAbsolutePath(), copy, Set.of(Path.of("Pulumi." + name + ".yaml"), Path.of("gitops", "overlays", name)));
        String classpath = System.getProperty("java.class.path");
        // Every command but the last changes the copy; the last, bin/plan, only reads it: it runs beside the tests.
        for (String command : recipe.subList(0, recipe.size() - 1)) {
            Run r = run(copy, List.of("bash", "-c", command), classpath);
            assertEquals(0, r.code(), "`" + command + "` in a copy of the repository:\n" + r.output());
        }
        assertTrue(Files.isRegularFile(copy.resolve("Pulumi." + name + ".yaml")));
        assertFalse(Files.exists(copy.resolve("policy/config/" + name + ".json")), "no per-stack policy file to copy");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dkyeol.plan.memo=true", "-cp", classpath,
                "com.kyeol.platform.support.RunTests"));
        command.addAll(AFFECTED);
        var plan = CompletableFuture.supplyAsync(() -> {
            try {
                return run(copy, List.of("bash", "-c", recipe.get(recipe.size() - 1)), classpath);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Run tests = run(copy, command, classpath);
        Run planned = plan.get(300, TimeUnit.SECONDS);
        assertEquals(0, planned.code(), "`" + recipe.get(recipe.size() - 1) + "` in a copy of the repository:\n" + planned.output());
        assertEquals(0, tests.code(), "the affected tests in the copy with " + name + " added:\n" + tests.output());
        assertTrue(tests.output().contains(" 0 failed"), tests.output());
    }

    private record Run(int code, String output) {
    }

    private static Run run(Path dir, List<String> command, String classpath) throws Exception {
        var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("KYEOL_CLASSPATH", classpath);
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "finished: " + command);
        return new Run(p.exitValue(), output);
    }

    /**
     * The repository's files, without build output and the paths {@code left}; the policy pack's dependencies and Node are linked, not copied
     * (the compiled pack is copied: the proofs find the repository from where their code is).
     */
    static void copyRepository(Path from, Path to, Set<Path> left) throws IOException {
        Set<Path> linked = Set.of(Path.of("policy", "node_modules"), Path.of("policy", "toolchain", "node_modules"));
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Path relative = from.relativize(dir);
                String top = relative.getNameCount() == 0 ? "" : relative.getName(0).toString();
                if (Set.of("target", ".git", ".idea", "plans").contains(top) || left.contains(relative)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (linked.contains(relative)) {
                    Files.createSymbolicLink(to.resolve(relative), dir);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(relative));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (left.contains(from.relativize(file))) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.copy(file, to.resolve(from.relativize(file)), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
