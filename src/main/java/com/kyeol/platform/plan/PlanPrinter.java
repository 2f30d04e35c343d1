package com.kyeol.platform.plan;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The two faces of a plan: the JSON contract (for machines and the policy checker) and a readable summary. */
public final class PlanPrinter {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

    private PlanPrinter() {
    }

    /** {@code {"project","stack","resources":[...],"outputs":{},"violations":[],"policyCheck"}} */
    public static Map<String, Object> toJsonTree(Plan plan) {
        var root = new LinkedHashMap<String, Object>();
        root.put("project", plan.project());
        root.put("stack", plan.stack());
        List<Map<String, Object>> resources = new ArrayList<>();
        for (PlannedResource r : plan.resources()) {
            var item = new LinkedHashMap<String, Object>();
            item.put("urn", r.urn());
            item.put("type", r.type());
            item.put("name", r.name());
            item.put("parent", r.parent());
            item.put("provider", r.provider());
            item.put("dependsOn", r.dependsOn());
            item.put("propertyDependencies", r.propertyDependencies());
            item.put("protect", r.protect());
            item.put("inputs", r.inputs());
            item.put("outputs", r.outputs());
            resources.add(item);
        }
        root.put("resources", resources);
        root.put("outputs", plan.maskedOutputs());
        root.put("violations", plan.violations());
        root.put("policyCheck", plan.policyCheck());
        return root;
    }

    public static String json(Plan plan) {
        return GSON.toJson(toJsonTree(plan));
    }

    public static String json(List<Plan> plans) {
        return GSON.toJson(plans.stream().map(PlanPrinter::toJsonTree).toList());
    }

    /** Any tree of plain values (e.g. {@link #toJsonTree} with members added), printed like a plan. */
    public static String jsonOf(Object tree) {
        return GSON.toJson(tree);
    }

    /**
     * What a plan counts, everywhere it is counted (this summary, {@code policy/check-plan}, the JSON's
     * {@code resources}): every resource the program registers, the stack itself and its components included.
     */
    public static String count(Plan plan) {
        List<PlannedResource> all = plan.resources();
        long components = all.stream().filter(r -> !r.custom()).count();
        long providers = all.stream().filter(r -> r.type().startsWith("pulumi:providers:")).count();
        long references = all.stream().filter(r -> r.type().equals("pulumi:pulumi:StackReference")).count();
        long cloud = all.size() - components - providers - references;
        List<String> parts = new ArrayList<>();
        parts.add(cloud + " AWS and Kubernetes resources");
        parts.add(providers + (providers == 1 ? " provider" : " providers"));
        if (references > 0) {
            parts.add(references + (references == 1 ? " stack reference" : " stack references"));
        }
        parts.add(components + " components: the stack and its kyeol:* boxes");
        return all.size() + " resources (" + String.join(", ", parts) + ")";
    }

    /** The resource count, the component tree with each component's resources, every type, outputs and policy findings. */
    public static String summary(Plan plan) {
        var out = new StringBuilder();
        out.append(String.format("%s/%s: %s; offline plan, no AWS account used%n", plan.project(), plan.stack(), count(plan)));

        out.append(String.format("%nComponent tree:%n"));
        Map<String, List<PlannedResource>> children = plan.resources().stream()
                .collect(Collectors.groupingBy(PlannedResource::parent, TreeMap::new, Collectors.toList()));
        plan.resources().stream().filter(r -> r.parent().isEmpty()).forEach(root -> tree(out, root, children, "  "));

        out.append(String.format("%nResources by type (%d):%n", plan.resources().size()));
        new TreeMap<>(plan.resources().stream()
                .collect(Collectors.groupingBy(PlannedResource::type, Collectors.counting())))
                .forEach((type, n) -> out.append(String.format("  %4d  %s%n", n, type)));

        out.append(String.format("%nOutputs:%n"));
        plan.maskedOutputs().forEach((k, v) -> out.append(String.format("  %-30s %s%n", k, v)));

        out.append(String.format("%nPolicy check: %s%n", plan.policyCheck()));
        plan.violations().forEach(v -> out.append(String.format("  [%s/%s] %s: %s (%s)%n",
                v.enforcementLevel(), v.severity(), v.policyName(), v.message(), v.urn())));
        return out.toString();
    }

    private static void tree(StringBuilder out, PlannedResource node, Map<String, List<PlannedResource>> children, String indent) {
        out.append(indent).append(node.type()).append(' ').append(node.name()).append(node.protect() ? "  [protected]" : "")
                .append(System.lineSeparator());
        List<PlannedResource> kids = children.getOrDefault(node.urn(), List.of());
        Map<String, List<PlannedResource>> leavesByType = new TreeMap<>();
        for (PlannedResource kid : kids) {
            if (children.containsKey(kid.urn()) || !kid.custom()) {
                tree(out, kid, children, indent + "  ");
            } else {
                leavesByType.computeIfAbsent(kid.type(), t -> new ArrayList<>()).add(kid);
            }
        }
        leavesByType.forEach((type, list) -> out.append(indent).append("  ").append(type)
                .append(list.size() > 1 ? " ×" + list.size() : "").append(": ")
                .append(list.stream().map(r -> r.name() + (r.protect() ? " [protected]" : "")).collect(Collectors.joining(", ")))
                .append(System.lineSeparator()));
    }
}
