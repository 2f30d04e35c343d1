package com.kyeol.platform;

import com.kyeol.platform.support.PolicyPackTests;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The policy pack's own tests (TypeScript, node's test runner over {@code policy/bin/test/}) pass. They started with
 * the test run ({@code StartPolicyPackTestsEarly}) and ran beside the Java tests; this class runs last and waits.
 * Maven compiled the pack before the tests ({@code npm ci}, {@code npm run build} in policy/).
 */
@Order(Integer.MAX_VALUE)
class PolicyPackTest {

    private static final Pattern SUMMARY = Pattern.compile("^ℹ (tests|pass|fail) (\\d+)$", Pattern.MULTILINE);

    @Test
    void everyTestOfThePolicyPackPasses() throws IOException, InterruptedException {
        PolicyPackTests.Result r = PolicyPackTests.await(10);
        List<String> failures = r.output().lines().filter(l -> l.contains("✖") || l.startsWith("npm ERR") || l.startsWith("npm error"))
                .limit(40).toList();
        assertEquals(0, r.exitCode(), "the policy pack's tests failed (the whole output: " + PolicyPackTests.LOG + "):\n"
                + (failures.isEmpty() ? tail(r.output()) : String.join("\n", failures)));
        var counts = new java.util.HashMap<String, Integer>();
        Matcher m = SUMMARY.matcher(r.output());
        while (m.find()) {
            counts.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertEquals(0, counts.getOrDefault("fail", -1), "node's summary reports no failure: " + counts);
        assertTrue(counts.getOrDefault("pass", 0) > 100 && counts.get("pass").equals(counts.get("tests")),
                "node ran the pack's tests and all passed: " + counts);
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return lines.subList(Math.max(0, lines.size() - 30), lines.size()).stream().collect(Collectors.joining("\n"));
    }
}
