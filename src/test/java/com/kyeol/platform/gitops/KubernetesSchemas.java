package com.kyeol.platform.gitops;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlanPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Strict validation of Kubernetes objects against their upstream schemas by the policy pack's {@code check-k8s}
 * ({@code policy/src/k8s/}): rendered manifests and the Kubernetes objects of plans, all in one node process.
 */
final class KubernetesSchemas {

    private static final Path CLI = Path.of("policy", "bin", "src", "k8s", "cli.js");
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    /** One problem: where it came from (a manifest source or {@code plan <stack>}), which object, the JSON pointer, what. */
    record Problem(String source, String object, String path, String message) {

        @Override
        public String toString() {
            return source + ": " + object + ": " + path + ": " + message;
        }
    }

    record Result(int checked, List<Problem> problems) {

        List<Problem> of(String source) {
            return problems.stream().filter(p -> p.source().equals(source)).toList();
        }
    }

    private final Map<String, List<Map<String, Object>>> manifests = new LinkedHashMap<>();
    private final List<Plan> plans = new ArrayList<>();

    KubernetesSchemas manifest(String source, List<Map<String, Object>> objects) {
        manifests.put(source, objects);
        return this;
    }

    KubernetesSchemas plan(Plan plan) {
        plans.add(plan);
        return this;
    }

    /** Runs {@code node policy/bin/src/k8s/cli.js --json} once over everything added. */
    Result check(Path temp) {
        if (!Files.isRegularFile(CLI)) {
            throw new AssertionError(CLI + " is not built: run `npm ci && npm run build` in policy/ (mvn verify does)");
        }
        List<Map<String, Object>> sources = new ArrayList<>();
        manifests.forEach((source, objects) -> sources.add(Map.of("source", source, "objects", objects)));
        String input = "{\"manifests\":" + GSON.toJson(sources) + ",\"plans\":["
                + String.join(",", plans.stream().map(PlanPrinter::json).toList()) + "]}";
        try {
            Path file = Files.writeString(temp.resolve("check-k8s-input.json"), input, StandardCharsets.UTF_8);
            Process process;
            try {
                process = new ProcessBuilder("node", CLI.toString(), file.toString(), "--json").start();
            } catch (IOException e) {
                throw new AssertionError("node is not installed (not on PATH): it is a prerequisite of the test command", e);
            }
            process.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("check-k8s did not finish within 120 s");
            }
            int code = process.exitValue();
            if (code != 0 && code != 3) {
                throw new AssertionError("check-k8s exited " + code + ": " + new String(err.join(), StandardCharsets.UTF_8).strip());
            }
            var json = JsonParser.parseString(out).getAsJsonObject();
            List<Problem> problems = new ArrayList<>();
            json.getAsJsonArray("problems").forEach(p -> problems.add(GSON.fromJson(p, Problem.class)));
            if ((code == 3) == problems.isEmpty()) {
                throw new AssertionError("check-k8s exit " + code + " disagrees with its " + problems.size() + " problem(s)");
            }
            return new Result(json.get("checked").getAsInt(), List.copyOf(problems));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running check-k8s", e);
        }
    }
}
