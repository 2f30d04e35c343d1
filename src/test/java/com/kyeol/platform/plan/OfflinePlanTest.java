package com.kyeol.platform.plan;

import com.google.gson.Gson;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bin/plan} as a user meets it: arguments, exit codes, what is printed where. */
class OfflinePlanTest {

    private record Result(int code, String out, String err) {
    }

    /** Plans are deterministic: a run with the same arguments is made once per class (each costs seconds). */
    private static final Map<List<String>, Result> RUNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Result plan(String... args) {
        return RUNS.computeIfAbsent(List.of(args), a -> runNow(args));
    }

    private static Result runNow(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = OfflinePlan.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertNoStackTrace(String text) {
        assertFalse(text.contains("Exception"), text);
        assertFalse(text.contains("\tat "), text);
    }

    @Test
    void jsonOfOneStackFollowsTheContract() {
        Result r = plan("dev", "--json", "--no-policy");
        assertEquals(0, r.code(), r.err());
        Map<?, ?> json = new Gson().fromJson(r.out(), Map.class);
        assertEquals("kyeol-platform", json.get("project"));
        assertEquals("dev", json.get("stack"));
        List<?> resources = (List<?>) json.get("resources");
        assertTrue(resources.size() > 30);
        Map<?, ?> first = (Map<?, ?>) resources.get(0);
        assertEquals(List.of("urn", "type", "name", "parent", "provider", "dependsOn", "propertyDependencies", "protect", "inputs", "outputs"),
                List.copyOf(first.keySet()));
        assertTrue(json.get("outputs") instanceof Map);
        assertTrue(json.get("violations") instanceof List);
    }

    @Test
    void summaryShowsCountsTreeAndOutputs() {
        Result r = plan("prod", "--no-policy");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("kyeol-platform/prod: "), r.out());
        assertTrue(r.out().contains("Component tree:"));
        assertTrue(r.out().contains("kyeol:network:Network prod"));
        assertTrue(r.out().contains("aws:ec2/eip:Eip: prod-nat-eip [protected]"), r.out());
        assertTrue(r.out().matches("(?s).*\\s9\\s+aws:ec2/subnet:Subnet.*"), r.out());
        assertTrue(r.out().contains("natPublicIp"));
    }

    @Test
    void allPlansEveryStackHubFirst() {
        Result r = plan("all", "--json", "--no-policy");
        assertEquals(0, r.code(), r.err());
        List<?> plans = new Gson().fromJson(r.out(), List.class);
        List<Object> stacks = plans.stream().map(p -> (Object) ((Map<?, ?>) p).get("stack")).toList();
        assertTrue(stacks.containsAll(List.of("dev", "stage", "prod", "mgmt")), stacks::toString);
    }

    @Test
    void invalidConfigFileExitsTwoWithOneLinePerProblemAndNoStackTrace(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("broken.yaml");
        Files.writeString(bad, Files.readString(Path.of("Pulumi.dev.yaml"))
                .replace("vpcCidr: 10.10.0.0/16", "vpcCidr: 10.10.0.0/33")
                .replace("role: workload", "role: spoke")
                .replace("desiredSize: 3, minSize: 3, maxSize: 4", "desiredSize: 5, minSize: 3, maxSize: 4"));
        Result r = plan("dev", "--config-file", bad.toString());
        assertEquals(2, r.code());
        List<String> lines = r.err().lines().toList();
        assertEquals(3, lines.size(), r.err());
        assertTrue(lines.stream().allMatch(l -> l.startsWith(bad.toString() + ": ")), r.err());
        assertTrue(r.out().isEmpty(), "nothing planned: " + r.out());
        assertNoStackTrace(r.err());
    }

    /** Configuration that would lose production data never reaches the engine: exit 2, one line per rule broken. */
    @Test
    void dataLosingConfigExitsTwo(@TempDir Path dir) throws IOException {
        Path risky = dir.resolve("risky.yaml");
        Files.writeString(risky, Files.readString(Path.of("Pulumi.prod.yaml"))
                .replace("backupRetentionDays: 30", "backupRetentionDays: 0\n    deletionProtection: false")
                .replace("snapshotRetentionDays: 7", "snapshotRetentionDays: 0"));
        Result r = plan("prod", "--config-file", risky.toString());
        assertEquals(2, r.code());
        List<String> lines = r.err().lines().toList();
        assertEquals(3, lines.size(), r.err());
        assertTrue(r.err().contains("kyeol-platform:database.backupRetentionDays: is 0, which turns automated backups"), r.err());
        assertTrue(r.err().contains("kyeol-platform:database.deletionProtection: is false on a production stack"), r.err());
        assertTrue(r.err().contains("kyeol-platform:cache.snapshotRetentionDays: is 0"), r.err());
        assertTrue(r.out().isEmpty());
        assertNoStackTrace(r.err());
    }

    @Test
    void unparsableYamlAndMissingStackAreConfigurationErrors(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "config: [unclosed\n");
        Result yaml = plan("dev", "--config-file", bad.toString());
        assertEquals(2, yaml.code());
        assertTrue(yaml.err().contains("is not valid YAML"), yaml.err());
        assertNoStackTrace(yaml.err());

        Result missing = plan("nosuchstack");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("Pulumi.nosuchstack.yaml"), missing.err());
        assertNoStackTrace(missing.err());
    }

    @Test
    void mermaidOfOneStackIsAFlowchartAndOfAllIsMarkdownPerStack() {
        Result one = plan("dev", "--mermaid", "--no-policy");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().startsWith("flowchart TB\n"), one.out());
        assertTrue(one.out().contains("subgraph c_network_dev[\"kyeol:network:Network dev\"]"), one.out());

        Result all = plan("all", "--mermaid", "--no-policy");
        assertEquals(0, all.code(), all.err());
        for (String stack : List.of("dev", "stage", "prod", "mgmt")) {
            assertTrue(all.out().contains("#### " + stack + "\n\n```mermaid\nflowchart TB\n"), all.out());
        }
        assertEquals(2, plan("dev", "--json", "--mermaid").code());
    }

    @Test
    void helpListsEveryOptionOnOneLineAndExitsZero() {
        Result r = plan("--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith(OfflinePlan.USAGE + "\n"), r.out());
        for (OfflinePlan.Option option : OfflinePlan.OPTIONS) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + option.synopsis() + " ") && l.endsWith(option.help())),
                    option.name() + " in " + r.out());
        }
        assertTrue(r.out().contains("a stack with a Pulumi.<stack>.yaml: " + String.join(", ", TestStacks.stacks()) + "\n"), r.out());
        assertTrue(r.err().isEmpty(), r.err());
        assertEquals(r.out(), plan("dev", "-h").out(), "-h is --help, whatever else is on the line");
    }

    @Test
    void anUnknownStackListsTheKnownOnes() {
        Result r = plan("qa2", "--json");
        assertEquals(2, r.code());
        assertEquals("bin/plan: no stack 'qa2' (no Pulumi.qa2.yaml in " + Path.of("").toAbsolutePath()
                + "); the stacks are: " + String.join(", ", TestStacks.stacks()) + " (or all)\n", r.err());
        assertTrue(r.out().isEmpty());
    }

    /** A fresh clone has no encrypted values: one line says so, --verbose lists each with its command. */
    @Test
    void placeholderSecretsAreOneLineUnlessVerbose() {
        Result quiet = plan("all", "--mermaid", "--no-policy");
        assertEquals(0, quiet.code(), quiet.err());
        // Per stack, the secrets its file lacks (a workload stack's four, the hub's ArgoCD password hash), in stack order.
        Map<String, Integer> missing = new java.util.LinkedHashMap<>();
        TestStacks.stacks().forEach(s -> missing.put(s, com.kyeol.platform.config.SettingsLoader.loadWithNotes(TestStacks.config(s),
                TestStacks.project().siblingsOf(s)).notes().size()));
        assertEquals(4, missing.get("dev"));
        assertEquals(1, missing.get("mgmt"));
        assertEquals(List.of("bin/plan: note: " + missing.values().stream().mapToInt(Integer::intValue).sum() + " secrets are not set ("
                + missing.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "))
                + ") and planned as [secret] placeholders; pulumi up refuses to run without them (docs/secrets.md; --verbose lists "
                + "them)"), quiet.err().lines().toList());
        assertEquals(List.of("bin/plan: note: 4 secrets are not set in prod and planned as [secret] placeholders; pulumi up refuses to "
                + "run without them (docs/secrets.md; --verbose lists them)"), plan("prod", "--no-policy").err().lines().toList());
        Result verbose = plan("prod", "--json", "--no-policy", "--verbose");
        List<String> lines = verbose.err().lines().toList();
        assertEquals(4, lines.size(), verbose.err());
        for (String key : List.of("saleorSecretKey", "saleorRsaPrivateKey", "cacheAuthToken", "originVerifySecret")) {
            assertTrue(lines.stream().anyMatch(l -> l.contains("kyeol-platform:" + key + ": is not set")
                    && l.contains("pulumi config set --secret kyeol-platform:" + key + " --stack prod")), key + " in " + lines);
        }
    }

    /** One number everywhere: the summary's count is the JSON's resources, and its parts and the by-type table add up to it. */
    @Test
    void theSummaryCountsWhatTheJsonLists() {
        Result json = plan("prod", "--json", "--no-policy", "--verbose");
        int resources = ((List<?>) new Gson().fromJson(json.out(), Map.class).get("resources")).size();
        String summary = plan("prod", "--no-policy").out();
        var first = java.util.regex.Pattern.compile("^kyeol-platform/prod: (\\d+) resources \\((\\d+) AWS and Kubernetes resources, "
                + "(\\d+) providers, (\\d+) stack reference, (\\d+) components: the stack and its kyeol:\\* boxes\\); offline plan")
                .matcher(summary);
        assertTrue(first.find(), summary.lines().findFirst().orElse(""));
        assertEquals(resources, Integer.parseInt(first.group(1)));
        int parts = 0;
        for (int g = 2; g <= 5; g++) {
            parts += Integer.parseInt(first.group(g));
        }
        assertEquals(resources, parts, "the parts add up");
        String byType = summary.substring(summary.indexOf("Resources by type (" + resources + "):"), summary.indexOf("Outputs:"));
        assertEquals(resources, byType.lines().skip(1).filter(l -> !l.isBlank())
                .mapToInt(l -> Integer.parseInt(l.trim().split("\\s+")[0])).sum(), byType);
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, plan().code());
        assertEquals(2, plan("dev", "--bogus").code());
        assertEquals(2, plan("all", "--config-file", "x.yaml").code());
        assertTrue(plan("dev", "--bogus").err().contains("usage: bin/plan"));
    }

    /** The promise: copy a stack file, give it a free CIDR, and it plans with no code change. */
    @Test
    void aFifthEnvironmentNeedsOnlyAStackFile(@TempDir Path dir) throws IOException {
        for (String file : List.of("Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.stage.yaml", "Pulumi.prod.yaml", "Pulumi.mgmt.yaml")) {
            Files.copy(Path.of(file), dir.resolve(file));
        }
        Files.writeString(dir.resolve("Pulumi.qa.yaml"), Files.readString(Path.of("Pulumi.stage.yaml")));
        Result clash = plan("qa", "--project-dir", dir.toString());
        assertEquals(2, clash.code(), "a copied stack overlaps its original until given a free CIDR");
        assertTrue(clash.err().contains("Pulumi.qa.yaml: kyeol-platform:network.vpcCidr: 10.20.0.0/16 overlaps 10.20.0.0/16 of Pulumi.stage.yaml"),
                clash.err());

        Files.writeString(dir.resolve("Pulumi.qa.yaml"), Files.readString(Path.of("Pulumi.stage.yaml")).replace("10.20.", "10.50."));
        Result r = plan("qa", "--json", "--project-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"name\": \"qa-vpc\""));
        assertTrue(r.out().contains("origin-qa-kyeol.msp-g1.click") || r.out().contains("10.50.0.0/16"));
    }

    @Test
    void outWritesOneJsonFilePerStack(@TempDir Path dir) throws IOException {
        Result r = plan("all", "--out", dir.toString(), "--no-policy");
        assertEquals(0, r.code(), r.err());
        for (String stack : List.of("dev", "stage", "prod", "mgmt")) {
            Map<?, ?> json = new Gson().fromJson(Files.readString(dir.resolve(stack + ".json")), Map.class);
            assertEquals(stack, json.get("stack"));
        }
    }

    /** Byte-identical plans from two separate JVMs (Map.of order differs between processes; the plan must not). */
    @Test
    void twoProcessesPlanTheSameBytes() throws Exception {
        // Another JVM (with bin/plan's flags, and no plan memo) against this one.
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                OfflinePlan.class.getName(), "dev", "--json", "--no-policy")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String other = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor());
        Result here = plan("dev", "--json", "--no-policy");
        assertTrue(here.out().contains("\"kubeconfig\""));
        assertEquals(here.out(), other);
    }
}
