package com.kyeol.platform.docs;

import com.kyeol.platform.config.InvalidSettingsException;
import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.config.StackConfig;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.cost.Estimator;
import com.kyeol.platform.cost.PlanCosts;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README and {@code docs/} name only things that exist: repository files, Java classes and their members,
 * options of our commands, configuration keys, stack outputs, plan JSON fields and link targets. Each rule
 * returns its problems ({@code file:line: what}), so the tests below also show each rule catching a stale name.
 */
class DocsNamesTest {

    private static Docs docs;

    @BeforeAll
    static void read() {
        docs = Docs.of(Path.of(""));
    }

    // ---- the repository's own docs ----

    @Test
    void everyDocumentedPathExists() {
        assertEquals(List.of(), docs.pathProblems());
    }

    @Test
    void everyDocumentedClassAndMemberExists() {
        assertEquals(List.of(), docs.javaProblems());
    }

    @Test
    void everyDocumentedCommandOptionExists() {
        assertEquals(List.of(), docs.optionProblems());
    }

    @Test
    void everyLinkResolvesToAFileAndHeading() {
        assertEquals(List.of(), docs.linkProblems());
    }

    @Test
    void everyDocumentedConfigurationKeyExistsAndEveryKeyIsDocumented() {
        assertEquals(List.of(), docs.configKeyProblems(knownConfigKeys()));
    }

    @Test
    void theOutputsTableListsExactlyTheStackOutputs() {
        Map<String, Set<String>> outputs = new TreeMap<>();
        Map<String, String> roles = new TreeMap<>();
        for (String stack : TestStacks.stacks()) {
            Plan plan = TestPlans.of(stack);
            plan.outputs().keySet().forEach(o -> outputs.computeIfAbsent(o, k -> new TreeSet<>()).add(stack));
            roles.put(stack, TestPlans.settings(stack).role().configValue());
        }
        assertEquals(List.of(), docs.outputProblems(outputs, roles));
    }

    @Test
    void thePlanJsonFieldsAreTheOnesDocumented() {
        // What bin/plan --json prints: the plan and its cost estimate.
        Map<String, Object> json = PlanCosts.jsonTree(PlanCosts.apply(TestPlans.of("dev"), TestPlans.settings("dev"), "Pulumi.dev.yaml",
                Estimator.standard(Path.of("").toAbsolutePath())));
        Set<String> fields = new TreeSet<>(json.keySet());
        @SuppressWarnings("unchecked")
        Map<String, Object> resource = ((List<Map<String, Object>>) json.get("resources")).get(0);
        resource.keySet().forEach(k -> fields.add("resources[]." + k));
        assertEquals(fields, docs.documentedJsonFields(Path.of("docs", "offline-plan.md")));
    }

    @Test
    void everyPolicyVerdictIsDocumentedAndNoOther() {
        List<String> documented = docs.tableRows("Value").stream().filter(r -> r[0].startsWith("docs/offline-plan.md:"))
                .map(r -> r[1].replaceAll("^`+\\s*|\\s*`+$", "")).toList();
        assertEquals(com.kyeol.platform.plan.PolicyCheck.VERDICTS, documented);
    }

    @Test
    void everyBinPlanOptionIsDocumentedAndNoOther() {
        Set<String> documented = new TreeSet<>();
        for (String[] row : docs.tableRows("Option")) {
            if (row[0].startsWith("docs/offline-plan.md:")) {
                Matcher m = Pattern.compile("`(--[a-z-]+)").matcher(row[1]);
                while (m.find()) {
                    documented.add(m.group(1));
                }
            }
        }
        Set<String> options = new TreeSet<>();
        com.kyeol.platform.plan.OfflinePlan.OPTIONS.forEach(o -> options.add(o.name()));
        assertEquals(options, documented);
    }

    // ---- the rules catch stale names (each broken variant by name) ----

    @Test
    void theRulesCatchNamesThatDoNotExist(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("README.md"), String.join("\n",
                "# Title",
                "Planned secrets are listed by `SettingsLoader.missingSecrets`; the CLI class is `OfflinePlanCli`.",
                "Paths: `bin/plan`, `bin/no-such-script`, `docs/missing.md`, `Pulumi.<stack>.yaml`, `gitops/overlays/<env>`.",
                "Run `bin/plan dev --jsn` or `bin/plan --help`. Key `kyeol-platform:network.vpcCdir`.",
                "See [the docs](docs/nothing.md) and [a heading](#no-such-heading).",
                "```bash",
                "bin/generate-secrets dev --dryrun",
                "```",
                ""));
        Files.writeString(dir.resolve("docs/a.md"), "# A\n\n| Output | Stacks | What |\n|---|---|---|\n| `vpcId` | every stack | x |\n| `vpcIdd` | workload | y |\n");
        Docs broken = Docs.of(dir, Path.of(""));
        assertEquals(List.of("README.md:3: `bin/no-such-script` is not a file or directory of the repository",
                "README.md:3: `docs/missing.md` is not a file or directory of the repository"), broken.pathProblems());
        List<String> java = broken.javaProblems();
        assertTrue(java.contains("README.md:2: `SettingsLoader.missingSecrets`: SettingsLoader has no member missingSecrets"), java::toString);
        assertTrue(java.contains("README.md:2: `OfflinePlanCli` is neither a class of the repository nor a name its code uses"), java::toString);
        List<String> options = broken.optionProblems();
        assertTrue(options.contains("README.md:4: `bin/plan dev --jsn`: bin/plan has no option --jsn"), options::toString);
        assertTrue(options.contains("README.md:7: `bin/generate-secrets dev --dryrun`: bin/generate-secrets has no option --dryrun"),
                options::toString);
        assertEquals(2, options.size(), options::toString);
        assertEquals(List.of("README.md:5: link docs/nothing.md: no such file", "README.md:5: link #no-such-heading: no such heading in README.md"),
                broken.linkProblems());
        List<String> keys = broken.configKeyProblems(Set.of("kyeol-platform:network.vpcCidr"));
        assertTrue(keys.contains("README.md:4: `kyeol-platform:network.vpcCdir` is not a configuration key the settings loader reads"),
                keys::toString);
        List<String> outputs = broken.outputProblems(Map.of("vpcId", Set.of("dev", "mgmt"), "natPublicIp", Set.of("dev", "mgmt")),
                Map.of("dev", "workload", "mgmt", "hub"));
        assertTrue(outputs.contains("docs/a.md:6: `vpcIdd` is not an output of any stack"), outputs::toString);
        assertTrue(outputs.contains("natPublicIp (an output of dev, mgmt) is missing from the outputs table"), outputs::toString);
    }

    // ---- the configuration keys the settings loader reads ----

    private static final String PROBE = "zzzProbe";
    private static final Pattern KNOWN = Pattern.compile(": ([^ ]+)" + PROBE + ": is not (?:a known key|an aws provider setting).*; expected one of (.*)$");

    /**
     * Every key the loader reads, found by asking it: a probe key planted in each section of every stack file
     * is refused with the list of the keys that section reads.
     */
    static Set<String> knownConfigKeys() {
        Set<String> keys = new TreeSet<>();
        for (String stack : TestStacks.stacks()) {
            StackConfig config = TestStacks.config(stack);
            List<String> probes = new ArrayList<>(List.of("aws:" + PROBE, "kyeol-platform:" + PROBE));
            config.values().forEach((key, value) -> sections(key, "", value, probes));
            for (String probe : probes) {
                keys.addAll(known(plant(config, probe)));
            }
        }
        keys.add("aws:region");
        return keys;
    }

    /** {@code kyeol-platform:network} with a JSON object value: a probe in it and in each nested object. */
    @SuppressWarnings("unchecked")
    private static void sections(String key, String path, Object value, List<String> probes) {
        Object parsed = value instanceof String s && s.startsWith("{") ? new com.google.gson.Gson().fromJson(s, Map.class) : value;
        if (parsed instanceof Map<?, ?> map) {
            probes.add(key + "." + path + PROBE);
            ((Map<String, Object>) map).forEach((k, v) -> sections(key, path + k + ".", v, probes));
        }
    }

    private static StackConfig plant(StackConfig config, String probe) {
        int dot = probe.indexOf('.');
        if (dot < 0) {
            return TestStacks.edit(config, probe, null, "x");
        }
        return TestStacks.edit(config, probe.substring(0, dot), probe.substring(dot + 1), "x");
    }

    private static Set<String> known(StackConfig config) {
        Set<String> keys = new TreeSet<>();
        try {
            SettingsLoader.load(config, TestStacks.project().siblingsOf(config.stack()));
        } catch (InvalidSettingsException e) {
            for (String problem : e.problems()) {
                Matcher m = KNOWN.matcher(problem);
                if (m.find()) {
                    for (String name : m.group(2).split(", ")) {
                        keys.add(name.contains(":") ? name : m.group(1) + name);
                    }
                }
            }
        }
        return keys;
    }

    @Test
    void theKeyProbeFindsNestedKeys() {
        Set<String> keys = knownConfigKeys();
        assertTrue(keys.containsAll(Set.of("aws:region", "aws:profile", "kyeol-platform:role", "kyeol-platform:network.vpcCidr",
                "kyeol-platform:cluster.nodeGroup.minSize", "kyeol-platform:hub.argocdHostname")), keys::toString);
        assertFalse(keys.stream().anyMatch(k -> k.contains(PROBE)), keys::toString);
    }

    /** The documents of a repository: README.md and docs/**.md, with the repository's code to check them against. */
    static final class Docs {

        private final Path root;
        private final Path code;
        private final Map<String, List<String>> files = new LinkedHashMap<>();

        private Docs(Path root, Path code) {
            this.root = root.toAbsolutePath();
            this.code = code.toAbsolutePath();
            root = this.root;
            List<Path> paths = new ArrayList<>(List.of(root.resolve("README.md")));
            if (Files.isDirectory(root.resolve("docs"))) {
                try (Stream<Path> walk = Files.walk(root.resolve("docs"))) {
                    walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(paths::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            for (Path p : paths) {
                files.put(root.relativize(p).toString(), read(p).lines().toList());
            }
        }

        static Docs of(Path root) {
            return new Docs(root, root);
        }

        /** Documents in {@code root}, checked against the code in {@code code}. */
        static Docs of(Path root, Path code) {
            return new Docs(root, code);
        }

        private static String read(Path p) {
            try {
                return Files.readString(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** One inline code span or fenced command line: where it is and its text. */
        record Span(String file, int line, String text, boolean fenced) {
            String where() {
                return file + ":" + line + ": `" + text + "`";
            }
        }

        private static final Pattern INLINE = Pattern.compile("`([^`]+)`");

        List<Span> spans() {
            List<Span> spans = new ArrayList<>();
            files.forEach((file, lines) -> {
                boolean fence = false;
                boolean generated = false;
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.contains("<!-- diagrams:start -->")) {
                        generated = true;
                    } else if (line.contains("<!-- diagrams:end -->")) {
                        generated = false;
                    }
                    if (line.startsWith("```")) {
                        fence = !fence;
                        continue;
                    }
                    if (generated) {
                        continue;
                    }
                    if (fence) {
                        String command = line.replaceAll("\\s+#.*$", "").strip();
                        if (command.startsWith("bin/") || command.startsWith("policy/check-plan")) {
                            spans.add(new Span(file, i + 1, command, true));
                        }
                        continue;
                    }
                    Matcher m = INLINE.matcher(line.replace("``", ""));
                    while (m.find()) {
                        spans.add(new Span(file, i + 1, m.group(1).strip(), false));
                    }
                }
            });
            return spans;
        }

        // ---- paths ----

        /** Top-level entries a path must start with to be taken for a repository path (others are AWS names, routes …). */
        private static final Set<String> REPOSITORY_ROOTS = Set.of("bin", "src", "policy", "gitops", "docs", "bootstrap", ".github", ".ci");
        private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_.<>{},-]+\\.(java|ya?ml|json|md|ts|html|xml)");
        private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_.<>{},*-]+(/[A-Za-z0-9_.<>{},*-]*)+");
        private static final String JAVA_ROOT = "src/main/java/com/kyeol/platform/";

        List<String> pathProblems() {
            List<String> problems = new ArrayList<>();
            for (Span span : spans()) {
                String[] words = span.text().split("\\s+");
                // In a command line only the command itself is ours; its arguments may be files it creates.
                for (String word : words.length > 1 ? new String[] {words[0]} : words) {
                    String path = word.replaceAll("[(),;:]+$", "");
                    boolean repositoryPath = PATH.matcher(path).matches() && REPOSITORY_ROOTS.contains(path.substring(0, path.indexOf('/')));
                    boolean fileName = FILE_NAME.matcher(path).matches();
                    if ((repositoryPath || fileName) && !exists(path)) {
                        problems.add(span.file() + ":" + span.line() + ": `" + path + "` is not a file or directory of the repository");
                    }
                }
            }
            return problems;
        }

        /** A path relative to the repository (or a bare file name anywhere in it); {@code <x>} and {@code *} match any name. */
        boolean exists(String path) {
            String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            if (!trimmed.contains("<") && !trimmed.contains("*") && !trimmed.contains("{")) {
                if (Files.exists(code.resolve(trimmed)) || Files.exists(code.resolve(JAVA_ROOT + trimmed))) {
                    return true;
                }
            }
            String glob = trimmed.replaceAll("<[^>]*>", "*");
            var fs = code.getFileSystem();
            var matchers = List.of(fs.getPathMatcher("glob:" + glob), fs.getPathMatcher("glob:" + JAVA_ROOT + glob),
                    fs.getPathMatcher("glob:**/" + glob));
            return repositoryPaths().stream().anyMatch(p -> matchers.get(0).matches(p) || matchers.get(1).matches(p)
                    || (!glob.contains("/") && matchers.get(2).matches(p)));
        }

        private List<Path> repositoryPaths;

        /** Every file and directory of the repository, relative, without build output and dependencies. */
        List<Path> repositoryPaths() {
            if (repositoryPaths == null) {
                List<Path> paths = new ArrayList<>();
                try {
                    Files.walkFileTree(code, new java.nio.file.SimpleFileVisitor<>() {
                        @Override
                        public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes a) {
                            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                            if (!dir.equals(code) && Set.of("target", "node_modules", ".git", "bin").contains(name)
                                    && !dir.equals(code.resolve("bin"))) {
                                return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                            }
                            paths.add(code.relativize(dir));
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }

                        @Override
                        public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a) {
                            paths.add(code.relativize(file));
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                repositoryPaths = paths;
            }
            return repositoryPaths;
        }

        // ---- Java names ----

        private static final Pattern QUALIFIED = Pattern.compile("\\b([A-Z][A-Za-z0-9]*)((?:\\.[A-Za-z_][A-Za-z0-9_]*)+)");
        private static final Pattern CAMEL = Pattern.compile("[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+");

        private Map<String, Path> classes;
        private String codeText;

        /** Simple name of every class the repository declares (source files under src/). */
        Map<String, Path> classes() {
            if (classes == null) {
                classes = new TreeMap<>();
                try (Stream<Path> walk = Files.walk(code.resolve("src"))) {
                    walk.filter(p -> p.toString().endsWith(".java"))
                            .forEach(p -> classes.put(p.getFileName().toString().replace(".java", ""), p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return classes;
        }

        /** The text of the repository's code and configuration (not its docs), to look names up in. */
        String codeText() {
            if (codeText == null) {
                var text = new StringBuilder();
                for (String dir : List.of("src", "policy/src", "policy/test", "policy/config", "bootstrap", "gitops", ".github", "bin")) {
                    if (!Files.isDirectory(code.resolve(dir))) {
                        continue;
                    }
                    try (Stream<Path> walk = Files.walk(code.resolve(dir))) {
                        walk.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".md"))
                                .filter(p -> !p.toString().contains("node_modules") && !p.toString().contains("/resources/charts/"))
                                .filter(p -> !p.getFileName().toString().equals("DocsNamesTest.java"))
                                .forEach(p -> text.append(read(p)).append('\n'));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                try (Stream<Path> stackFiles = Files.list(code)) {
                    stackFiles.filter(p -> p.getFileName().toString().matches("Pulumi.*\\.yaml|pom\\.xml"))
                            .forEach(p -> text.append(read(p)).append('\n'));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                codeText = text.toString();
            }
            return codeText;
        }

        List<String> javaProblems() {
            List<String> problems = new ArrayList<>();
            for (Span span : spans()) {
                if (span.fenced() || span.text().contains("/") || FILE_NAME.matcher(span.text()).matches()) {
                    continue;
                }
                Matcher m = QUALIFIED.matcher(span.text());
                while (m.find()) {
                    Path source = classes().get(m.group(1));
                    if (source == null) {
                        continue;
                    }
                    String text = read(source);
                    for (String member : m.group(2).substring(1).split("\\.")) {
                        if (!declares(text, member)) {
                            problems.add(span.where() + ": " + m.group(1) + " has no member " + member);
                            break;
                        }
                    }
                }
                if (CAMEL.matcher(span.text()).matches() && !classes().containsKey(span.text())
                        && !Pattern.compile("\\b" + span.text() + "\\b").matcher(codeText()).find()) {
                    problems.add(span.where() + " is neither a class of the repository nor a name its code uses");
                }
            }
            return problems;
        }

        private static boolean declares(String source, String member) {
            return Pattern.compile("(\\b(class|record|enum|interface)\\s+" + member + "\\b)|(\\b" + member + "\\s*[(=;,)])")
                    .matcher(source).find();
        }

        // ---- options of our commands ----

        /** Where each command's options are defined. */
        private static final Map<String, List<String>> COMMAND_SOURCES = Map.of(
                "bin/plan", List.of("bin/plan", JAVA_ROOT + "plan/OfflinePlan.java"),
                "bin/generate-secrets", List.of("bin/generate-secrets"),
                "bin/argocd-password-hash", List.of("bin/argocd-password-hash"),
                "bin/readme-diagrams", List.of("bin/readme-diagrams", JAVA_ROOT + "plan/ReadmeDiagrams.java"),
                "bin/stacks", List.of("bin/stacks", JAVA_ROOT + "tools/StackList.java"),
                "bin/new-environment", List.of("bin/new-environment", JAVA_ROOT + "tools/NewEnvironment.java"),
                "policy/with-node", List.of("policy/with-node"),
                "bin/cost-diff", List.of("bin/cost-diff", JAVA_ROOT + "cost/CostDiff.java"),
                "bin/cost-docs", List.of("bin/cost-docs", JAVA_ROOT + "cost/CostDocs.java"),
                "policy/check-plan", List.of("policy/check-plan", "policy/src/cli/check-plan.ts"));
        private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*");

        List<String> optionProblems() {
            List<String> problems = new ArrayList<>();
            for (Span span : spans()) {
                String command = span.text().split("\\s+")[0];
                if (!COMMAND_SOURCES.containsKey(command)) {
                    continue;
                }
                Set<String> known = new TreeSet<>(Set.of("--help"));
                for (String source : COMMAND_SOURCES.get(command)) {
                    Path file = code.resolve(source);
                    if (Files.isRegularFile(file)) {
                        Matcher m = OPTION.matcher(read(file));
                        while (m.find()) {
                            known.add(m.group());
                        }
                    }
                }
                // Only this command's own arguments: stop at a pipe or the next command.
                String own = span.text().split("[|;&]")[0];
                Matcher m = OPTION.matcher(own);
                while (m.find()) {
                    if (!known.contains(m.group())) {
                        problems.add(span.where() + ": " + command + " has no option " + m.group());
                    }
                }
            }
            return problems;
        }

        // ---- links ----

        private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

        List<String> linkProblems() {
            List<String> problems = new ArrayList<>();
            files.forEach((file, lines) -> {
                boolean fence = false;
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).startsWith("```")) {
                        fence = !fence;
                    }
                    Matcher m = LINK.matcher(lines.get(i));
                    while (!fence && m.find()) {
                        String target = m.group(1);
                        if (target.matches("[a-z]+:.*")) {
                            continue;
                        }
                        String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                        String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                        Path resolved = path.isEmpty() ? root.resolve(file) : root.resolve(file).getParent() == null
                                ? root.resolve(path) : root.resolve(file).getParent().resolve(path).normalize();
                        if (!Files.exists(resolved) && !Files.exists(code.resolve(root.relativize(resolved)))) {
                            problems.add(file + ":" + (i + 1) + ": link " + target + ": no such file");
                        } else if (anchor != null && resolved.toString().endsWith(".md") && Files.isRegularFile(resolved)
                                && !anchors(read(resolved)).contains(anchor)) {
                            problems.add(file + ":" + (i + 1) + ": link " + target + ": no such heading in "
                                    + root.relativize(resolved));
                        }
                    }
                }
            });
            return problems;
        }

        /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
        static Set<String> anchors(String markdown) {
            Set<String> anchors = new TreeSet<>();
            for (String line : markdown.lines().toList()) {
                if (line.matches("#{1,6} .*")) {
                    anchors.add(line.replaceFirst("#+ ", "").strip().toLowerCase()
                            .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
                }
            }
            return anchors;
        }

        // ---- configuration keys ----

        /** Keys of this project anywhere in a span; {@code aws:} keys only as a whole span (aws:SourceArn is a condition key). */
        private static final Pattern CONFIG_KEY = Pattern.compile("kyeol-platform:[A-Za-z.{},]+|^aws:[a-z][A-Za-z]*$");

        List<String> configKeyProblems(Set<String> known) {
            List<String> problems = new ArrayList<>();
            Set<String> documented = new TreeSet<>();
            for (Span span : spans()) {
                Matcher m = CONFIG_KEY.matcher(span.text());
                while (m.find()) {
                    for (String key : expand(m.group().replaceAll("[.,]+$", ""))) {
                        documented.add(key);
                        if (!known.contains(key) && known.stream().noneMatch(k -> k.startsWith(key + "."))) {
                            problems.add(span.file() + ":" + span.line() + ": `" + key
                                    + "` is not a configuration key the settings loader reads");
                        }
                    }
                }
            }
            // Shorthand rows such as `kyeol-platform:domain.serviceHostname`, `.originHostname` document a sibling key.
            for (Span span : spans()) {
                if (span.text().matches("\\.[A-Za-z]+")) {
                    known.stream().filter(k -> k.endsWith(span.text())).forEach(documented::add);
                }
            }
            for (String key : known) {
                boolean section = known.stream().anyMatch(k -> k.startsWith(key + "."));
                if (!documented.contains(key) && !section) {
                    problems.add(key + " is not documented (docs/configuration.md lists every key)");
                }
            }
            return problems;
        }

        /** {@code a.{b,c}.d} -> a.b.d, a.c.d */
        static List<String> expand(String key) {
            int open = key.indexOf('{');
            if (open < 0) {
                return List.of(key);
            }
            int close = key.indexOf('}', open);
            List<String> out = new ArrayList<>();
            for (String alternative : key.substring(open + 1, close).split(",")) {
                out.addAll(expand(key.substring(0, open) + alternative + key.substring(close + 1)));
            }
            return out;
        }

        // ---- stack outputs ----

        /** The rows of the table whose first column is {@code header}: (file:line, first cell, second cell). */
        List<String[]> tableRows(String header) {
            List<String[]> rows = new ArrayList<>();
            files.forEach((file, lines) -> {
                boolean in = false;
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.startsWith("| " + header + " |")) {
                        in = true;
                        continue;
                    }
                    if (in && !line.startsWith("|")) {
                        in = false;
                    }
                    if (in && !line.startsWith("|---")) {
                        String[] cells = line.split("(?<!\\\\)\\|");
                        rows.add(new String[] {file + ":" + (i + 1), cells[1].strip(), cells.length > 2 ? cells[2].strip() : ""});
                    }
                }
            });
            return rows;
        }

        List<String> outputProblems(Map<String, Set<String>> outputs, Map<String, String> roles) {
            List<String> problems = new ArrayList<>();
            Set<String> documented = new TreeSet<>();
            for (String[] row : tableRows("Output | Stacks")) {
                Matcher m = INLINE.matcher(row[1]);
                while (m.find()) {
                    String name = m.group(1);
                    documented.add(name);
                    Set<String> stacks = outputs.get(name);
                    if (stacks == null) {
                        problems.add(row[0] + ": `" + name + "` is not an output of any stack");
                        continue;
                    }
                    Set<String> expected = new TreeSet<>();
                    roles.forEach((stack, role) -> {
                        if (row[2].equals("every stack") || row[2].startsWith(role)) {
                            expected.add(stack);
                        }
                    });
                    boolean optional = row[2].endsWith("where configured");
                    if (optional ? !expected.containsAll(stacks) : !expected.equals(new TreeSet<>(stacks))) {
                        problems.add(row[0] + ": `" + name + "` is documented for '" + row[2] + "' but is an output of " + stacks);
                    }
                }
            }
            outputs.forEach((name, stacks) -> {
                if (!documented.contains(name)) {
                    problems.add(name + " (an output of " + String.join(", ", new TreeSet<>(stacks)) + ") is missing from the outputs table");
                }
            });
            return problems;
        }

        // ---- plan JSON fields ----

        Set<String> documentedJsonFields(Path file) {
            Set<String> fields = new TreeSet<>();
            for (String[] row : tableRows("Field")) {
                if (!row[0].startsWith(file.toString() + ":")) {
                    continue;
                }
                Matcher m = INLINE.matcher(row[1]);
                String prefix = "";
                while (m.find()) {
                    String name = m.group(1);
                    if (name.contains(".")) {
                        prefix = name.substring(0, name.lastIndexOf('.') + 1);
                        fields.add(name);
                    } else {
                        fields.add(prefix + name);
                    }
                }
            }
            return fields;
        }
    }
}
