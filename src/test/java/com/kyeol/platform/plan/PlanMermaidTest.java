package com.kyeol.platform.plan;

import com.kyeol.platform.config.Role;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bin/plan <stack> --mermaid}: the picture of each stack, and the rules it is drawn by. */
class PlanMermaidTest {

    private static final Map<String, Plan> PLANS = new HashMap<>();
    /** Every id a line defines or links: subgraph ids, node ids, both ends of an edge. */
    private static final Pattern IDS = Pattern.compile(
            "^\\s*(?:subgraph\\s+(\\S+?)\\[|(\\S+?)\\[|(\\S+) (?:-->|-\\.->) (\\S+)$)");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    @BeforeAll
    static void planEveryStack() {
        Map<String, ReferencedStack> planned = new HashMap<>();
        List<String> stacks = new ArrayList<>(TestStacks.stacks());
        stacks.sort(Comparator.comparing(s -> TestStacks.settings(s).role() != Role.HUB)); // the hub first, as bin/plan all
        for (String stack : stacks) {
            Plan plan = PlanRunner.run(TestStacks.config(stack), TestStacks.settings(stack), planned);
            planned.put(stack, plan.asReference());
            PLANS.put(stack, plan);
        }
    }

    static List<String> stacks() {
        return TestStacks.stacks();
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyComponentIsASubgraph(String stack) {
        Plan plan = PLANS.get(stack);
        String diagram = PlanMermaid.flowchart(plan);
        assertTrue(diagram.startsWith("flowchart TB\n"), diagram);
        List<PlannedResource> components = plan.resources().stream().filter(r -> r.type().startsWith("kyeol:")).toList();
        assertFalse(components.isEmpty(), "a stack without components: " + stack);
        for (PlannedResource c : components) {
            assertTrue(diagram.contains("[\"" + c.type() + " " + c.name() + "\"]"), () -> c.urn() + " missing in\n" + diagram);
        }
        assertEquals(components.size(), diagram.lines().filter(l -> l.strip().startsWith("subgraph ")).count(), diagram);
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void theNetworkIsDrawnByItsMainResourcesWithSubnetsCollapsedPerTier(String stack) {
        String diagram = PlanMermaid.flowchart(PLANS.get(stack));
        for (String tier : List.of("public", "private", "data")) {
            assertEquals(1, diagram.lines().filter(l -> l.contains("\"" + tier + " subnets ×3\"")).count(), diagram);
        }
        assertTrue(diagram.contains("[\"VPC<br/>" + stack + "-vpc\"]"), diagram);
        assertTrue(diagram.contains("[\"Elastic IP<br/>" + stack + "-nat-eip<br/>(protected)\"]"), diagram);
        assertTrue(diagram.contains("[\"NAT gateway<br/>" + stack + "-nat\"]"), diagram);
        assertTrue(diagram.contains("[\"flow log<br/>" + stack + "-flow-log\"]"), diagram);
        assertFalse(diagram.contains(stack + "-public-a"), "subnets are one node per tier, not one per zone");
        assertFalse(diagram.contains("RouteTableAssociation") || diagram.contains("route table"), "only the main resources");
        assertTrue(diagram.lines().filter(l -> l.contains(" --> ")).count() >= 8, diagram);
        assertTrue(diagram.contains("__NAT_gateway --> c_network_" + stack + "__Elastic_IP\n"), diagram);
        assertTrue(diagram.contains("__public_subnets --> c_network_" + stack + "__VPC\n"), diagram);
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void idsAreMermaidSafeAndEveryLinkedIdIsDefined(String stack) {
        assertIdsSafeAndDefined(PlanMermaid.flowchart(PLANS.get(stack)));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void theDiagramIsDeterministic(String stack) {
        Plan again = PlanRunner.run(TestStacks.config(stack), TestStacks.settings(stack), referencesFor());
        assertEquals(PlanMermaid.flowchart(PLANS.get(stack)), PlanMermaid.flowchart(again));
        var reversed = new ArrayList<>(again.resources());
        Collections.reverse(reversed);
        assertEquals(PlanMermaid.flowchart(again), PlanMermaid.flowchart(withResources(again, reversed)),
                "independent of registration order");
    }

    private static Map<String, ReferencedStack> referencesFor() {
        Map<String, ReferencedStack> refs = new HashMap<>();
        PLANS.forEach((name, plan) -> refs.put(name, plan.asReference()));
        return refs;
    }

    // ---- the drawing rules, on a small hand-made plan that has what later components will bring ----

    private static final String STACK = "urn:pulumi:dev::kyeol-platform::pulumi:pulumi:Stack::kyeol-platform-dev";

    private static PlannedResource res(String type, String name, String parent, List<String> dependsOn, String provider,
                                       Map<String, Object> inputs) {
        boolean custom = !type.startsWith("kyeol:") && !type.equals("pulumi:pulumi:Stack");
        return new PlannedResource(urn(type, name), type, name, parent, provider, dependsOn, false, custom, inputs);
    }

    /** {@code plan} with {@code resources} instead of its own. */
    private static Plan withResources(Plan plan, List<PlannedResource> resources) {
        return new Plan(plan.project(), plan.stack(), resources, plan.outputs(), plan.secretOutputNames(), plan.violations(),
                plan.policyCheck());
    }

    private static String urn(String type, String name) {
        return "urn:pulumi:dev::kyeol-platform::" + type + "::" + name;
    }

    private static Plan handMade() {
        String cluster = urn("kyeol:cluster:Cluster", "dev");
        String addons = urn("kyeol:addons:Addons", "end");
        String eks = urn("aws:eks/cluster:Cluster", "dev-eks");
        String k8s = urn("pulumi:providers:kubernetes", "dev-k8s");
        String hubRef = urn("pulumi:pulumi:StackReference", "hub");
        String hubRole = urn("aws:iam/role:Role", "dev-spoke");
        List<PlannedResource> resources = List.of(
                res("pulumi:pulumi:Stack", "kyeol-platform-dev", "", List.of(), "", Map.of()),
                res("kyeol:cluster:Cluster", "dev", STACK, List.of(), "", Map.of()),
                res("kyeol:addons:Addons", "end", cluster, List.of(cluster), "", Map.of()),
                res("aws:eks/cluster:Cluster", "dev-eks", cluster, List.of(), "", Map.of()),
                res("aws:eks/nodeGroup:NodeGroup", "dev-nodes", cluster, List.of(eks), "", Map.of()),
                res("pulumi:providers:kubernetes", "dev-k8s", cluster, List.of(eks), "", Map.of()),
                res("kubernetes:helm.sh/v3:Release", "external-dns", addons, List.of(), k8s + "::id1", Map.of()),
                res("kubernetes:helm.sh/v3:Release", "metrics-server", addons, List.of(), k8s + "::id1", Map.of()),
                res("aws:rds/instance:Instance", "db \"main\"", STACK, List.of(eks), "", Map.of()),
                res("pulumi:pulumi:StackReference", "hub", cluster, List.of(), "",
                        Map.of("name", "organization/kyeol-platform/mgmt")),
                res("aws:iam/role:Role", "dev-spoke", cluster, List.of(hubRef), "", Map.of()),
                res("aws:eks/accessEntry:AccessEntry", "dev-hub", cluster, List.of(hubRole, eks), "", Map.of()));
        return new Plan("kyeol-platform", "dev", resources, Map.of(), Set.of(), List.of(), "not run");
    }

    @Test
    void nestedComponentsAreNestedSubgraphs() {
        String diagram = PlanMermaid.flowchart(handMade());
        int outer = diagram.indexOf("subgraph c_cluster_dev[\"kyeol:cluster:Cluster dev\"]");
        int inner = diagram.indexOf("    subgraph c_addons_end[\"kyeol:addons:Addons end\"]");
        assertTrue(outer >= 0 && inner > outer, diagram);
        assertTrue(diagram.contains("      c_addons_end__Helm_release_external_dns[\"Helm release<br/>external-dns\"]"), diagram);
    }

    @Test
    void dependenciesThroughProvidersAndHiddenResourcesBecomeArrowsBetweenShownNodes() {
        String diagram = PlanMermaid.flowchart(handMade());
        assertTrue(diagram.contains("c_addons_end__Helm_release_metrics_server --> c_cluster_dev__EKS_cluster\n"), diagram);
        assertTrue(diagram.contains("c_cluster_dev__node_group --> c_cluster_dev__EKS_cluster\n"), diagram);
        assertFalse(diagram.contains("c_addons_end --> c_cluster_dev"), "no arrow to the enclosing subgraph");
    }

    @Test
    void aStackReferenceIsAnExternalNodeNamedAfterTheReferencedStack() {
        String diagram = PlanMermaid.flowchart(handMade());
        assertTrue(diagram.contains("  stack_mgmt[[\"stack mgmt\"]]\n"), diagram);
        assertTrue(diagram.contains("c_cluster_dev__access_entry -.-> stack_mgmt\n"), "through the hidden spoke role: " + diagram);
        assertTrue(diagram.contains("class stack_mgmt stack"), diagram);
    }

    @Test
    void aStackReferenceReadOnlyByHiddenResourcesIsLinkedFromItsComponent() {
        Plan plan = handMade();
        List<PlannedResource> withoutEntry = plan.resources().stream().filter(r -> !r.name().equals("dev-hub")).toList();
        String diagram = PlanMermaid.flowchart(withResources(plan, withoutEntry));
        assertTrue(diagram.contains("  c_cluster_dev -.-> stack_mgmt\n"), diagram);
    }

    @Test
    void arrowsImpliedByALongerPathAreLeftOut() {
        String diagram = PlanMermaid.flowchart(handMade());
        // the access entry depends on the cluster directly and through nothing shown: kept
        assertTrue(diagram.contains("c_cluster_dev__access_entry --> c_cluster_dev__EKS_cluster\n"), diagram);
        Plan plan = handMade();
        List<PlannedResource> more = new ArrayList<>(plan.resources());
        String nodes = urn("aws:eks/nodeGroup:NodeGroup", "dev-nodes");
        more.add(res("aws:eks/addon:Addon", "dev-cni", urn("kyeol:cluster:Cluster", "dev"),
                List.of(nodes, urn("aws:eks/cluster:Cluster", "dev-eks")), "", Map.of()));
        String reduced = PlanMermaid.flowchart(withResources(plan, more));
        assertTrue(reduced.contains("c_cluster_dev__EKS_add_on --> c_cluster_dev__node_group\n"), reduced);
        assertFalse(reduced.contains("c_cluster_dev__EKS_add_on --> c_cluster_dev__EKS_cluster"), "implied via the node group");
    }

    @Test
    void labelsAreEscapedAndTopLevelResourcesStayOutsideSubgraphs() {
        String diagram = PlanMermaid.flowchart(handMade());
        assertTrue(diagram.contains("  r__RDS_PostgreSQL[\"RDS PostgreSQL<br/>db #quot;main#quot;\"]\n"), diagram);
        assertIdsSafeAndDefined(diagram);
    }

    @Test
    void repeatsCollapseIntoOneNodeWithACount() {
        Plan plan = handMade();
        List<PlannedResource> more = new ArrayList<>(plan.resources());
        for (String name : List.of("dev-a", "dev-b", "dev-c")) {
            more.add(res("aws:ecr/repository:Repository", name, STACK, List.of(), "", Map.of()));
        }
        String diagram = PlanMermaid.flowchart(withResources(plan, more));
        assertTrue(diagram.contains("  r__ECR_repository[\"ECR repository ×3\"]\n"), diagram);
    }

    @Test
    void markdownHasAHeadingAndAMermaidBlockPerStack() {
        String md = PlanMermaid.markdown(List.of(PLANS.get("dev"), PLANS.get("mgmt")));
        assertTrue(md.startsWith("#### dev\n\n```mermaid\nflowchart TB\n"), md);
        assertTrue(md.contains("```\n\n#### mgmt\n\n```mermaid\nflowchart TB\n"), md);
        assertTrue(md.endsWith("```\n"), md);
    }

    @Test
    void idsAndLabelsHelpers() {
        assertEquals("c_network_dev_1", PlanMermaid.safe("c_network_dev-1"));
        assertEquals("a_b_c", PlanMermaid.safe("a b\"c"));
        assertEquals("#quot;x#quot; #lt;br#gt; #35;1", PlanMermaid.text("\"x\" <br> #1"));
    }

    private static void assertIdsSafeAndDefined(String diagram) {
        Set<String> defined = new HashSet<>();
        List<String> linked = new ArrayList<>();
        for (String line : diagram.lines().toList()) {
            Matcher m = IDS.matcher(line);
            if (!m.find()) {
                continue;
            }
            if (m.group(1) != null) {
                defined.add(m.group(1));
            } else if (m.group(2) != null) {
                defined.add(m.group(2));
            } else {
                linked.add(m.group(3));
                linked.add(m.group(4));
            }
        }
        assertFalse(defined.isEmpty(), diagram);
        for (String id : defined) {
            assertTrue(SAFE_ID.matcher(id).matches(), () -> "unsafe id " + id);
            assertFalse(Set.of("end", "subgraph", "graph", "flowchart").contains(id), id);
        }
        for (String id : linked) {
            assertTrue(defined.contains(id), () -> "edge to an undefined id " + id + " in\n" + diagram);
        }
    }
}
