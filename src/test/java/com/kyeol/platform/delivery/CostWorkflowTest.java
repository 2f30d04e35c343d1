package com.kyeol.platform.delivery;

import com.kyeol.platform.delivery.Workflows.Workflow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.kyeol.platform.delivery.Workflows.named;
import static com.kyeol.platform.delivery.Workflows.steps;
import static com.kyeol.platform.delivery.Workflows.stepsUsing;
import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static com.kyeol.platform.support.YamlFiles.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pull request's cost comment: computed offline from the base branch's and the change's plans in a job with no
 * credentials (so forks get it), posted by a workflow that runs none of the pull request's code.
 */
class CostWorkflowTest {

    private static String runs(Map<String, Object> job) {
        return String.join("\n", steps(job).stream().map(s -> String.valueOf(s.get("run"))).toList());
    }

    @Test
    void everyPullRequestIncludingForksGetsTheCostDifferenceWithoutCredentials() {
        Workflow pr = named("pull-request.yml");
        Map<String, Object> job = pr.job("cost");
        assertFalse(job.containsKey("if"), "no condition: pull requests from forks run it too");
        assertEquals(Map.of("contents", "read"), job.get("permissions"));
        assertTrue(stepsUsing(job, Workflows.AWS_CREDENTIALS).isEmpty(), "no AWS role");
        List<Map<String, Object>> checkouts = stepsUsing(job, "actions/checkout");
        assertEquals(2, checkouts.size(), "the change and its base");
        assertEquals("${{ github.event.pull_request.base.sha }}", at(checkouts.get(1), "with.ref"));
        checkouts.forEach(c -> assertEquals(false, at(c, "with.persist-credentials")));
        String runs = runs(job);
        assertTrue(runs.contains("(cd base && bin/plan all --no-policy --out ../plans-base"), runs);
        assertTrue(runs.contains("(cd head && bin/plan all --no-policy --out ../plans-head"), runs);
        assertTrue(runs.contains("head/bin/cost-diff plans-base plans-head > cost-diff/cost-diff.md"), runs);
        assertTrue(runs.contains("$GITHUB_STEP_SUMMARY"), "the difference is on the run page");
        Map<String, Object> upload = stepsUsing(job, "actions/upload-artifact").get(0);
        assertEquals("cost-diff", at(upload, "with.name"));
    }

    @Test
    void theCommentIsPostedFromTheBaseRepositoryWithoutRunningThePullRequestsCode() {
        Workflow comment = named("cost-comment.yml");
        assertEquals(List.of("pull request"), list(at(map(comment.trigger("workflow_run")), "workflows")));
        assertEquals("pull request", String.valueOf(named("pull-request.yml").yaml().get("name")),
                "workflow_run names the pull request workflow by its name");
        Map<String, Object> job = comment.job("comment");
        assertEquals(Map.of("actions", "read", "pull-requests", "write"), job.get("permissions"));
        assertTrue(stepsUsing(job, "actions/checkout").isEmpty(), "no checkout: the pull request's code never runs here");
        String runs = runs(job);
        assertFalse(runs.contains("bin/"), runs);
        assertTrue(runs.contains("gh run download \"$RUN_ID\""), runs);
        assertTrue(runs.contains("--jq .head.sha") && runs.contains("\"$head\" != \"$HEAD_SHA\""),
                "comments only on the pull request whose head the plans were made from");
        assertTrue(runs.contains("case \"$pr\" in ''|*[!0-9]*)"), "the pull request number from the artifact is checked");
        assertTrue(runs.contains("gh pr comment"), runs);
        assertTrue(runs.contains("<!-- kyeol-cost-diff -->"), "its previous comment is found and replaced, not repeated");
    }
}
