package com.kyeol.platform.ci;

import java.util.List;
import java.util.Optional;

/**
 * What a runner scale set accepts, checked by the runner itself before the job's first step (the runner's
 * {@code ACTIONS_RUNNER_HOOK_JOB_STARTED} script; a failing script fails the job). A workflow can be edited in a pull
 * request, its {@code runs-on} and {@code if} with it; this script cannot: it comes from the hub's stack, not from the
 * job. It reads only GitHub's default variables and the event payload ({@code GITHUB_EVENT_PATH}, with jq, which the
 * runner image has).
 *
 * @param scaleSet      the scale set's name (in the messages)
 * @param repository    {@code owner/name}: the only repository whose jobs it runs
 * @param workflows     the workflow files (under {@code .github/workflows/}) whose jobs it runs; for a reusable workflow
 *                      GitHub names the calling one
 * @param events        the events it runs jobs for; a {@code pull_request} only from a branch of {@code repository},
 *                      never from a fork
 * @param branch        if present, only jobs of this branch's workflows, for this branch (the deploy branch)
 */
public record JobGate(String scaleSet, String repository, List<String> workflows, List<String> events, Optional<String> branch) {

    /** Where the script is mounted in the runner container, and the variable that makes the runner run it. */
    public static final String DIRECTORY = "/home/runner/job-gate";
    public static final String FILE = "job-started.sh";
    public static final String HOOK_VARIABLE = "ACTIONS_RUNNER_HOOK_JOB_STARTED";

    public JobGate {
        workflows = List.copyOf(workflows);
        events = List.copyOf(events);
        if (events.contains("pull_request_target")) {
            throw new IllegalArgumentException("pull_request_target runs a fork's pull request with the base repository's rights");
        }
    }

    /** The bash script (run as {@code bash -e <file>}). */
    public String script() {
        var s = new StringBuilder();
        s.append("#!/usr/bin/env bash\n");
        s.append("# Job gate of the ").append(scaleSet).append(" runners (kyeol-platform, ci/JobGate.java): the runner runs it before a\n");
        s.append("# job's first step; a refusal fails the job before any of its code runs.\n");
        s.append("set -euo pipefail\n");
        s.append("repository=").append(quote(repository)).append('\n');
        s.append("refuse() { echo \"::error::").append(scaleSet).append(" refuses this job: $1\"; exit 1; }\n");
        s.append("[[ \"${GITHUB_REPOSITORY:-}\" == \"$repository\" ]] || refuse \"repository ${GITHUB_REPOSITORY:-unknown}\"\n");
        s.append("workflow=\"${GITHUB_WORKFLOW_REF:-}\"\n");
        s.append("case \"${workflow%%@*}\" in\n  ");
        s.append(String.join("|", workflows.stream().map(w -> quote(repository + "/.github/workflows/" + w)).toList()));
        s.append(") ;;\n  *) refuse \"workflow ${workflow:-unknown}\" ;;\nesac\n");
        branch.ifPresent(b -> {
            s.append("[[ \"${GITHUB_REF:-}\" == ").append(quote("refs/heads/" + b)).append(" && \"${workflow#*@}\" == ")
                    .append(quote("refs/heads/" + b)).append(" ]] || refuse \"ref ${GITHUB_REF:-unknown} of ${workflow:-unknown}\"\n");
        });
        s.append("case \"${GITHUB_EVENT_NAME:-}\" in\n");
        for (String event : events) {
            if (event.equals("pull_request")) {
                s.append("  pull_request)\n");
                s.append("    head=$(jq -r '.pull_request.head.repo.full_name // \"\"' \"${GITHUB_EVENT_PATH:-/dev/null}\" 2>/dev/null || true)\n");
                s.append("    [[ \"$head\" == \"$repository\" ]] || refuse \"a pull request from ${head:-an unknown repository}, not a branch of $repository\" ;;\n");
            } else {
                s.append("  ").append(event).append(") ;;\n");
            }
        }
        s.append("  *) refuse \"event ${GITHUB_EVENT_NAME:-unknown}\" ;;\nesac\n");
        s.append("echo \"").append(scaleSet).append(": ${GITHUB_EVENT_NAME} of ${workflow} accepted\"\n");
        return s.toString();
    }

    private static String quote(String value) {
        if (!value.matches("[A-Za-z0-9_./@:-]+")) {
            throw new IllegalArgumentException("not a plain name: " + value);
        }
        return "'" + value + "'";
    }
}
