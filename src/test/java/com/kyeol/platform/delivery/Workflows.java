package com.kyeol.platform.delivery;

import com.kyeol.platform.support.YamlFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;

/**
 * The GitHub Actions workflows of the repository, parsed, and the rules they are held to (pinned actions,
 * least-privilege permissions). Each rule returns its problems, so a test can also show it catches a bad
 * workflow.
 */
final class Workflows {

    static final Path DIRECTORY = Path.of(".github", "workflows");
    static final String AWS_CREDENTIALS = "aws-actions/configure-aws-credentials";
    static final String PULUMI = "pulumi/actions";

    /** A workflow file: its name, text and parsed YAML. */
    record Workflow(String file, String text, Map<String, Object> yaml) {

        /** Trigger names; SnakeYAML (YAML 1.1) reads the key {@code on} as the boolean true. */
        Set<String> triggers() {
            Object on = yaml.containsKey("on") ? yaml.get("on") : ((Map<?, ?>) yaml).get(Boolean.TRUE);
            if (on instanceof String s) {
                return Set.of(s);
            }
            if (on instanceof List<?> l) {
                return new LinkedHashSet<>(l.stream().map(String::valueOf).toList());
            }
            return map(on).keySet();
        }

        /** The settings of trigger {@code name}: a mapping for most, a list for {@code schedule}. */
        Object trigger(String name) {
            Object on = yaml.containsKey("on") ? yaml.get("on") : ((Map<?, ?>) yaml).get(Boolean.TRUE);
            return map(on).get(name);
        }

        boolean reusableOnly() {
            return triggers().equals(Set.of("workflow_call"));
        }

        Map<String, Object> jobs() {
            return map(yaml.get("jobs"));
        }

        Map<String, Object> job(String id) {
            Map<String, Object> job = map(jobs().get(id));
            if (job == null) {
                throw new AssertionError(file + " has no job " + id);
            }
            return job;
        }
    }

    private Workflows() {
    }

    static Map<String, Workflow> all() {
        Map<String, Workflow> workflows = new TreeMap<>();
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).toList()) {
                workflows.put(file.getFileName().toString(), new Workflow(file.getFileName().toString(), Files.readString(file),
                        YamlFiles.read(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return workflows;
    }

    static Workflow named(String file) {
        Workflow workflow = all().get(file);
        if (workflow == null) {
            throw new AssertionError("no " + DIRECTORY.resolve(file));
        }
        return workflow;
    }

    static List<Map<String, Object>> steps(Map<String, Object> job) {
        return list(job.getOrDefault("steps", List.of())).stream().map(s -> map(s)).toList();
    }

    /** {@code owner/repo@sha} -> {@code owner/repo}; local and missing {@code uses} -> "". */
    static String action(Map<String, Object> step) {
        String uses = String.valueOf(step.getOrDefault("uses", ""));
        return uses.contains("@") ? uses.substring(0, uses.indexOf('@')) : "";
    }

    static List<Map<String, Object>> stepsUsing(Map<String, Object> job, String action) {
        return steps(job).stream().filter(s -> action.equals(action(s))).toList();
    }

    /** The local workflow a job calls ({@code uses: ./.github/workflows/x.yml}), if any. */
    static String calledWorkflow(Map<String, Object> job) {
        Object uses = job.get("uses");
        return uses instanceof String s && s.startsWith("./" + DIRECTORY.toString().replace('\\', '/') + "/")
                ? s.substring(s.lastIndexOf('/') + 1) : null;
    }

    // ---- pinned actions ----

    private static final Pattern USES = Pattern.compile("^\\s*(?:-\\s+)?uses:\\s*['\"]?([^\\s'\"#]+)['\"]?\\s*(#.*)?$");
    private static final Pattern PINNED = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[^@]+)?@[0-9a-f]{40}");
    private static final Pattern VERSION_COMMENT = Pattern.compile("#\\s*v\\d+\\.\\d+\\.\\d+\\s*");

    /** Every {@code uses:} line of {@code text}: (line number, reference, comment or ""). */
    static List<String[]> usesLines(String text) {
        List<String[]> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = USES.matcher(lines[i]);
            if (m.matches()) {
                found.add(new String[] {String.valueOf(i + 1), m.group(1), m.group(2) == null ? "" : m.group(2)});
            }
        }
        return found;
    }

    /** A remote action not pinned to a full commit SHA with a {@code # vX.Y.Z} comment; local ones are fine. */
    static List<String> pinProblems(String file, String text) {
        List<String> problems = new ArrayList<>();
        for (String[] use : usesLines(text)) {
            String where = file + ":" + use[0] + ": " + use[1];
            if (use[1].startsWith("./")) {
                continue;
            }
            if (!PINNED.matcher(use[1]).matches()) {
                problems.add(where + " is not pinned to a 40-character commit SHA");
            } else if (!VERSION_COMMENT.matcher(use[2]).matches()) {
                problems.add(where + " has no # vX.Y.Z comment naming the release the SHA is");
            }
        }
        return problems;
    }

    // ---- least privilege ----

    private static final Set<String> ALLOWED_TOP_LEVEL = Set.of("read", "none");

    /**
     * Problems with the permissions of {@code workflows}: a triggered workflow restricts its top-level
     * permissions to read and grants each job its own; {@code id-token: write} only where a job (or the
     * workflow it calls) assumes an AWS role, and such a job has it; {@code pull-requests: write} only
     * where a comment is posted, {@code issues: write} only where an issue is written; no other write
     * scope, no {@code write-all}/{@code read-all}; a reusable workflow grants nothing itself.
     */
    static List<String> permissionProblems(Map<String, Workflow> workflows) {
        List<String> problems = new ArrayList<>();
        for (Workflow wf : workflows.values()) {
            if (wf.text().contains("write-all") || wf.text().contains("read-all")) {
                problems.add(wf.file() + ": write-all/read-all; name each scope");
            }
            Object top = wf.yaml().get("permissions");
            if (!wf.reusableOnly() && !(top instanceof Map)) {
                problems.add(wf.file() + ": no top-level permissions; use permissions: {} (or contents: read)");
            }
            map(top == null ? Map.of() : top).forEach((scope, level) -> {
                if (!ALLOWED_TOP_LEVEL.contains(String.valueOf(level))) {
                    problems.add(wf.file() + ": top-level " + scope + ": " + level + "; grant writes per job");
                }
            });
            wf.jobs().forEach((id, body) -> {
                Map<String, Object> job = map(body);
                String where = wf.file() + " job " + id;
                Object permissions = job.get("permissions");
                if (wf.reusableOnly()) {
                    if (permissions != null && map(permissions).containsValue("write")) {
                        problems.add(where + ": a reusable workflow takes its permissions from the calling job");
                    }
                    return;
                }
                if (!(permissions instanceof Map)) {
                    problems.add(where + ": no permissions of its own");
                    return;
                }
                Map<String, Object> granted = map(permissions);
                boolean assumesRole = assumesAwsRole(job, workflows);
                if ("write".equals(granted.get("id-token")) != assumesRole) {
                    problems.add(where + (assumesRole ? ": assumes an AWS role without id-token: write"
                            : ": id-token: write but assumes no AWS role"));
                }
                granted.forEach((scope, level) -> {
                    if (!"write".equals(level) || scope.equals("id-token")) {
                        return;
                    }
                    boolean needed = switch (scope) {
                        case "pull-requests" -> commentsOnPullRequests(job);
                        case "issues" -> steps(job).stream().anyMatch(s -> String.valueOf(s.get("run")).contains("gh issue"));
                        default -> false;
                    };
                    if (!needed) {
                        problems.add(where + ": " + scope + ": write is not needed");
                    }
                });
            });
        }
        return problems;
    }

    static boolean assumesAwsRole(Map<String, Object> job, Map<String, Workflow> workflows) {
        if (!stepsUsing(job, AWS_CREDENTIALS).isEmpty()) {
            return true;
        }
        String called = calledWorkflow(job);
        return called != null && workflows.containsKey(called)
                && workflows.get(called).jobs().values().stream().anyMatch(j -> !stepsUsing(map(j), AWS_CREDENTIALS).isEmpty());
    }

    private static boolean commentsOnPullRequests(Map<String, Object> job) {
        boolean viaCall = Boolean.TRUE.equals(map(job.getOrDefault("with", Map.of())).get("comment-on-pr"));
        boolean viaStep = stepsUsing(job, PULUMI).stream()
                .anyMatch(s -> "true".equals(String.valueOf(map(s.getOrDefault("with", Map.of())).get("comment-on-pr"))))
                || steps(job).stream().anyMatch(s -> String.valueOf(s.get("run")).contains("gh pr comment"));
        return viaCall || viaStep;
    }

    // ---- self-hosted runners: where jobs run, which identity, no fork ----

    /** The fork guard: a job of a pull request runs only when the pull request comes from a branch of this repository. */
    static final String FORK_GUARD = "github.event.pull_request.head.repo.full_name == github.repository";
    private static final Pattern INPUT = Pattern.compile("\\$\\{\\{\\s*inputs\\.([\\w-]+)\\s*}}");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{\\{\\s*(vars\\.[A-Z0-9_]+)\\s*}}");
    private static final Pattern CHOICE = Pattern.compile(
            "\\$\\{\\{\\s*inputs\\.([\\w-]+)\\s*==\\s*'([^']*)'\\s*&&\\s*([^|]+?)\\s*\\|\\|\\s*(.+?)\\s*}}");

    /**
     * {@code value} with {@code inputs} applied: a literal, an input {@code ${{ inputs.<name> }}}, a repository variable
     * {@code ${{ vars.<NAME> }}} (returned as {@code vars.<NAME>}), or the one expression
     * form the workflows use to choose by an input, {@code ${{ inputs.<name> == '<value>' && <a> || <b> }}}, where {@code a} and {@code b} are quoted literals or
     * {@code vars.<NAME>} (returned as {@code vars.<NAME>}). Anything else is refused, so a test cannot silently
     * misread a new expression.
     */
    static String resolve(Object value, Map<String, String> inputs) {
        String text = String.valueOf(value).trim();
        if (!text.contains("${{")) {
            return text;
        }
        Matcher input = INPUT.matcher(text);
        if (input.matches() && inputs.containsKey(input.group(1))) {
            return inputs.get(input.group(1));
        }
        Matcher variable = VARIABLE.matcher(text);
        if (variable.matches()) {
            return variable.group(1);
        }
        Matcher m = CHOICE.matcher(text);
        if (!m.matches() || !inputs.containsKey(m.group(1))) {
            throw new AssertionError("cannot resolve " + text + " with inputs " + inputs);
        }
        return operand(inputs.get(m.group(1)).equals(m.group(2)) ? m.group(3) : m.group(4), text);
    }

    private static String operand(String operand, String whole) {
        String o = operand.trim();
        if (o.matches("'[^']*'")) {
            return o.substring(1, o.length() - 1);
        }
        if (o.matches("vars\\.[A-Z0-9_]+")) {
            return o;
        }
        throw new AssertionError("cannot resolve " + o + " in " + whole);
    }

    /** A line of a run step that starts a tool that talks to AWS or a cluster. */
    private static final Pattern COMMAND = Pattern.compile("(?m)^\\s*(sudo\\s+)?(aws|kubectl|helm|pulumi)\\s");

    /** Where a job does its work: the job itself, or each job of the local workflow it calls, with the inputs it passes. */
    record Work(String caller, String file, String jobId, Map<String, Object> job, Map<String, String> inputs, List<String> conditions) {

        String where() {
            return caller + (file.equals(caller.substring(0, caller.indexOf(' '))) ? "" : " -> " + file + " job " + jobId);
        }

        boolean talksToAwsOrACluster() {
            return !stepsUsing(job, AWS_CREDENTIALS).isEmpty() || !stepsUsing(job, PULUMI).isEmpty()
                    || steps(job).stream().anyMatch(s -> COMMAND.matcher(String.valueOf(s.get("run"))).find());
        }

        String runsOn() {
            return resolve(job.get("runs-on"), inputs);
        }

        boolean guardsForks() {
            return conditions.stream().anyMatch(c -> c.contains(FORK_GUARD));
        }
    }

    /** Every job of every triggered workflow, calls followed (a called workflow's inputs: its defaults, then the caller's with). */
    static List<Work> work(Map<String, Workflow> workflows) {
        List<Work> out = new ArrayList<>();
        for (Workflow wf : workflows.values()) {
            if (wf.reusableOnly()) {
                continue;
            }
            wf.jobs().forEach((id, body) -> {
                Map<String, Object> job = map(body);
                String caller = wf.file() + " job " + id;
                List<String> conditions = job.containsKey("if") ? List.of(String.valueOf(job.get("if"))) : List.of();
                String called = calledWorkflow(job);
                if (called == null) {
                    out.add(new Work(caller, wf.file(), id, job, Map.of(), conditions));
                    return;
                }
                Workflow target = workflows.get(called);
                if (target == null) {
                    throw new AssertionError(caller + " calls a missing " + called);
                }
                Map<String, String> inputs = new TreeMap<>();
                Object declared = YamlFiles.at(target.trigger("workflow_call"), "inputs");
                map(declared == null ? Map.of() : declared).forEach((name, spec) -> {
                    Object d = map(spec).get("default");
                    inputs.put(name, d == null ? "" : String.valueOf(d));
                });
                map(job.getOrDefault("with", Map.of())).forEach((name, v) -> inputs.put(name, String.valueOf(v)));
                target.jobs().forEach((calledId, calledBody) -> {
                    Map<String, Object> calledJob = map(calledBody);
                    List<String> all = new ArrayList<>(conditions);
                    if (calledJob.containsKey("if")) {
                        all.add(String.valueOf(calledJob.get("if")));
                    }
                    out.add(new Work(caller, called, calledId, calledJob, inputs, all));
                });
            });
        }
        return out;
    }

    /**
     * Every job that talks to AWS or a cluster runs on one of {@code scaleSets} (the hub's runners: the only machines
     * whose egress the clusters admit), except {@code exempt} ({@code file job} to the reason).
     */
    static List<String> selfHostedProblems(Map<String, Workflow> workflows, Set<String> scaleSets, Map<String, String> exempt) {
        List<String> problems = new ArrayList<>();
        for (Work w : work(workflows)) {
            if (!w.talksToAwsOrACluster() || exempt.containsKey(w.file() + " job " + w.jobId())) {
                continue;
            }
            String runsOn = w.runsOn();
            if (!scaleSets.contains(runsOn)) {
                problems.add(w.where() + ": talks to AWS or a cluster but runs on " + runsOn + ", not on one of " + new TreeSet<>(scaleSets));
            }
        }
        return problems;
    }

    /**
     * No fork's pull request reaches a self-hosted runner: no workflow runs on {@code pull_request_target} (the base
     * repository's rights for a fork's code), and every job of a pull-request workflow that runs on one of
     * {@code scaleSets} carries the fork guard (its own or its caller's {@code if}).
     */
    static List<String> forkProblems(Map<String, Workflow> workflows, Set<String> scaleSets) {
        List<String> problems = new ArrayList<>();
        for (Workflow wf : workflows.values()) {
            if (wf.triggers().contains("pull_request_target")) {
                problems.add(wf.file() + ": runs on pull_request_target (a fork's pull request with this repository's rights)");
            }
        }
        for (Work w : work(workflows)) {
            String file = w.caller().substring(0, w.caller().indexOf(' '));
            boolean pullRequests = workflows.get(file).triggers().contains("pull_request");
            if (pullRequests && scaleSets.contains(w.runsOn()) && !w.guardsForks()) {
                problems.add(w.where() + ": runs on " + w.runsOn() + " for pull requests without the fork guard (" + FORK_GUARD + ")");
            }
        }
        return problems;
    }
}
