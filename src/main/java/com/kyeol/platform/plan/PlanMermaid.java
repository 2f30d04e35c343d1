package com.kyeol.platform.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A picture of one stack as a Mermaid {@code flowchart}: each component ({@code kyeol:*} type) is a
 * subgraph, its main resources are nodes (the types in {@link #SHOWN}; repeats collapse into one node
 * "×N"), arrows point from a resource to what it depends on (through hidden resources and providers,
 * reduced to the shortest picture), and stack references are external nodes named after the stack.
 * Deterministic: the same plan always gives the same text.
 */
public final class PlanMermaid {

    static final String COMPONENT_PREFIX = "kyeol:";
    static final String STACK_REFERENCE = "pulumi:pulumi:StackReference";
    static final String SUBNET_TIER_TAG = "kyeol.io/subnet-tier";

    /**
     * A resource type worth drawing. Resources of one type under one component that share a group key
     * become one node; {@code label} gets the key ({@code %s}) and, for several, "×N".
     */
    record Shown(String type, String label, Function<PlannedResource, String> groupKey) {

        static Shown collapsed(String type, String label) {
            return new Shown(type, label, r -> "");
        }

        static Shown each(String type, String label) {
            return new Shown(type, label, PlannedResource::name);
        }

        static Shown byTag(String type, String label, String tag) {
            return new Shown(type, label, r -> tag(r, tag).orElse(""));
        }
    }

    /** What the diagram shows, in drawing order. Add a row when a component brings a new kind of box. */
    static final List<Shown> SHOWN = List.of(
            Shown.collapsed("aws:ec2/vpc:Vpc", "VPC"),
            Shown.collapsed("aws:ec2/internetGateway:InternetGateway", "internet gateway"),
            Shown.byTag("aws:ec2/subnet:Subnet", "%s subnets", SUBNET_TIER_TAG),
            Shown.collapsed("aws:ec2/eip:Eip", "Elastic IP"),
            Shown.collapsed("aws:ec2/natGateway:NatGateway", "NAT gateway"),
            Shown.collapsed("aws:ec2/vpcEndpoint:VpcEndpoint", "VPC endpoint"),
            Shown.collapsed("aws:ec2/flowLog:FlowLog", "flow log"),
            Shown.collapsed("aws:cloudwatch/logGroup:LogGroup", "log group"),
            Shown.collapsed("aws:eks/cluster:Cluster", "EKS cluster"),
            Shown.collapsed("aws:eks/nodeGroup:NodeGroup", "node group"),
            Shown.collapsed("aws:eks/addon:Addon", "EKS add-on"),
            Shown.collapsed("aws:eks/accessEntry:AccessEntry", "access entry"),
            Shown.each("kubernetes:helm.sh/v3:Release", "Helm release"),
            Shown.collapsed("aws:rds/instance:Instance", "RDS PostgreSQL"),
            Shown.collapsed("aws:elasticache/replicationGroup:ReplicationGroup", "ElastiCache Valkey"),
            Shown.collapsed("aws:s3/bucketV2:BucketV2", "S3 bucket"),
            Shown.collapsed("aws:ecr/repository:Repository", "ECR repository"),
            Shown.collapsed("aws:acm/certificate:Certificate", "ACM certificate"),
            Shown.collapsed("aws:wafv2/webAcl:WebAcl", "WAF web ACL"),
            Shown.collapsed("aws:cloudfront/distribution:Distribution", "CloudFront"),
            Shown.collapsed("aws:route53/record:Record", "DNS record"));

    private static final Map<String, Integer> ORDER = new HashMap<>();

    static {
        for (int i = 0; i < SHOWN.size(); i++) {
            ORDER.put(SHOWN.get(i).type(), i);
        }
    }

    private PlanMermaid() {
    }

    /** One box of the picture: a component (subgraph), a group of shown resources, or another stack. */
    private record Element(String id, String label, String container, int order, String sortKey) {
    }

    /** The flowchart of one stack, ending with a newline. */
    public static String flowchart(Plan plan) {
        return new Drawing(plan).render();
    }

    /** Every stack's flowchart as Markdown: a heading and a {@code mermaid} block per stack. */
    public static String markdown(List<Plan> plans) {
        var out = new StringBuilder();
        for (Plan plan : plans) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append("#### ").append(plan.stack()).append("\n\n```mermaid\n").append(flowchart(plan)).append("```\n");
        }
        return out.toString();
    }

    /** The drawing of one plan: elements first, then the edges between them. */
    private static final class Drawing {

        private final Plan plan;
        private final Map<String, PlannedResource> byUrn = new HashMap<>();
        /** URN of a resource (shown, component or stack reference) -> id of the element that draws it. */
        private final Map<String, String> elementOf = new HashMap<>();
        private final Map<String, Element> elements = new LinkedHashMap<>();
        /** (container, type, group key) -> id of the element that draws that group of shown resources. */
        private final Map<List<String>, String> groupIds = new HashMap<>();
        /** Element id of a group of shown resources -> its resources. */
        private final Map<String, List<PlannedResource>> groups = new HashMap<>();
        private final Set<String> usedIds = new HashSet<>();
        private final Set<String> external = new TreeSet<>();

        Drawing(Plan plan) {
            this.plan = plan;
            plan.resources().forEach(r -> byUrn.put(r.urn(), r));
        }

        String render() {
            List<PlannedResource> sorted = new ArrayList<>(plan.resources());
            sorted.sort(Comparator.comparing(PlannedResource::urn));
            for (PlannedResource r : sorted) {
                if (r.type().equals(STACK_REFERENCE)) {
                    String stack = referencedStack(r);
                    String id = safe("stack_" + stack);
                    elementOf.put(r.urn(), id);
                    if (external.add(id)) {
                        usedIds.add(id);
                        elements.put(id, new Element(id, "stack " + stack, "", Integer.MAX_VALUE, stack));
                    }
                }
            }
            List<PlannedResource> components = sorted.stream().filter(r -> r.type().startsWith(COMPONENT_PREFIX)).toList();
            // Ids first, containers second: a child component's URN sorts before its parent's.
            components.forEach(c -> elementOf.put(c.urn(), unique(safe("c_" + shortType(c.type()).toLowerCase(Locale.ROOT) + "_" + c.name()))));
            components.forEach(c -> {
                String id = elementOf.get(c.urn());
                elements.put(id, new Element(id, c.type() + " " + c.name(), container(c), -1, c.urn()));
            });
            for (PlannedResource r : sorted) {
                shown(r).ifPresent(shown -> addToGroup(r, shown));
            }
            return print(edges());
        }

        private void addToGroup(PlannedResource r, Shown shown) {
            String container = container(r);
            String key = shown.groupKey().apply(r);
            String id = groupIds.computeIfAbsent(List.of(container, shown.type(), key), k -> {
                String label = shown.label().contains("%s") ? String.format(shown.label(), key).strip() : shown.label();
                String name = label + (shown.label().contains("%s") || key.isEmpty() ? "" : "_" + key);
                String newId = unique(safe((container.isEmpty() ? "r" : container) + "__" + name));
                elements.put(newId, new Element(newId, label, container, ORDER.get(shown.type()), key));
                return newId;
            });
            elementOf.put(r.urn(), id);
            groups.computeIfAbsent(id, k -> new ArrayList<>()).add(r);
        }

        /** Id of the nearest enclosing component's subgraph, or "" at the top level. */
        private String container(PlannedResource r) {
            String parent = r.parent();
            while (parent != null && !parent.isEmpty()) {
                PlannedResource p = byUrn.get(parent);
                if (p == null) {
                    return "";
                }
                if (p.type().startsWith(COMPONENT_PREFIX)) {
                    return elementOf.getOrDefault(p.urn(), "");
                }
                parent = p.parent();
            }
            return "";
        }

        /** What {@code urn} waits for: its dependencies and its provider. */
        private List<String> dependencies(String urn) {
            PlannedResource r = byUrn.get(urn);
            if (r == null) {
                return List.of();
            }
            List<String> deps = new ArrayList<>(r.dependsOn());
            if (r.provider() != null && !r.provider().isEmpty()) {
                int idSeparator = r.provider().lastIndexOf("::");
                deps.add(idSeparator > 0 ? r.provider().substring(0, idSeparator) : r.provider());
            }
            return deps;
        }

        /**
         * Element-to-element edges: from each drawn resource through hidden resources to the first drawn
         * ones, then transitively reduced (an arrow implied by a longer path is left out).
         */
        private Map<String, Set<String>> edges() {
            Map<String, Set<String>> edges = new TreeMap<>();
            for (PlannedResource r : plan.resources()) {
                String from = elementOf.get(r.urn());
                if (from == null) {
                    continue;
                }
                for (String to : reachableElements(r.urn())) {
                    if (!to.equals(from) && !encloses(to, from) && !encloses(from, to)) {
                        edges.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                    }
                }
            }
            linkUnusedStackReferences(edges);
            return reduce(edges);
        }

        private Set<String> reachableElements(String urn) {
            Set<String> found = new TreeSet<>();
            Set<String> seen = new HashSet<>();
            Deque<String> queue = new ArrayDeque<>(dependencies(urn));
            while (!queue.isEmpty()) {
                String next = queue.pop();
                if (!seen.add(next)) {
                    continue;
                }
                String element = elementOf.get(next);
                if (element != null) {
                    found.add(element);
                } else {
                    queue.addAll(dependencies(next));
                }
            }
            return found;
        }

        /** A stack reference only hidden resources read still belongs in the picture: link it from its component. */
        private void linkUnusedStackReferences(Map<String, Set<String>> edges) {
            for (PlannedResource r : plan.resources()) {
                if (!r.type().equals(STACK_REFERENCE)) {
                    continue;
                }
                String id = elementOf.get(r.urn());
                boolean linked = edges.values().stream().anyMatch(targets -> targets.contains(id));
                String from = container(r);
                if (!linked && !from.isEmpty()) {
                    edges.computeIfAbsent(from, k -> new TreeSet<>()).add(id);
                }
            }
        }

        private boolean encloses(String outer, String inner) {
            Element e = elements.get(inner);
            while (e != null && !e.container().isEmpty()) {
                if (e.container().equals(outer)) {
                    return true;
                }
                e = elements.get(e.container());
            }
            return false;
        }

        private static Map<String, Set<String>> reduce(Map<String, Set<String>> edges) {
            Map<String, Set<String>> reduced = new TreeMap<>();
            edges.forEach((from, targets) -> {
                for (String to : targets) {
                    boolean implied = targets.stream().anyMatch(via -> !via.equals(to) && reaches(edges, via, to, new HashSet<>()));
                    if (!implied) {
                        reduced.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                    }
                }
            });
            return reduced;
        }

        private static boolean reaches(Map<String, Set<String>> edges, String from, String to, Set<String> seen) {
            if (from.equals(to)) {
                return true;
            }
            if (!seen.add(from)) {
                return false;
            }
            return edges.getOrDefault(from, Set.of()).stream().anyMatch(next -> reaches(edges, next, to, seen));
        }

        private String print(Map<String, Set<String>> edges) {
            var out = new StringBuilder("flowchart TB\n");
            out.append("  %% ").append(plan.project()).append('/').append(plan.stack())
                    .append(": components are subgraphs, arrows point at what a resource depends on\n");
            printContents(out, "", "  ");
            edges.forEach((from, targets) -> targets.forEach(to -> out.append("  ").append(from)
                    .append(external.contains(to) ? " -.-> " : " --> ").append(to).append('\n')));
            if (!external.isEmpty()) {
                out.append("  classDef stack stroke-dasharray: 5 5\n");
                out.append("  class ").append(String.join(",", external)).append(" stack\n");
            }
            return out.toString();
        }

        private void printContents(StringBuilder out, String container, String indent) {
            List<Element> inside = elements.values().stream().filter(e -> e.container().equals(container))
                    .sorted(Comparator.comparingInt(Element::order).thenComparing(Element::sortKey).thenComparing(Element::id))
                    .toList();
            for (Element e : inside) {
                if (e.order() < 0) {
                    out.append(indent).append("subgraph ").append(e.id()).append("[\"").append(text(e.label())).append("\"]\n");
                    printContents(out, e.id(), indent + "  ");
                    out.append(indent).append("end\n");
                } else if (external.contains(e.id())) {
                    out.append(indent).append(e.id()).append("[[\"").append(text(e.label())).append("\"]]\n");
                } else {
                    out.append(indent).append(e.id()).append("[\"").append(nodeLabel(e)).append("\"]\n");
                }
            }
        }

        private String nodeLabel(Element e) {
            List<PlannedResource> members = groups.get(e.id());
            String label = text(e.label()) + (members.size() > 1 ? " ×" + members.size() : "<br/>" + text(members.get(0).name()));
            return members.stream().anyMatch(PlannedResource::protect) ? label + "<br/>(protected)" : label;
        }

        private String unique(String id) {
            String candidate = id;
            for (int i = 2; !usedIds.add(candidate); i++) {
                candidate = id + "_" + i;
            }
            return candidate;
        }
    }

    private static Optional<Shown> shown(PlannedResource r) {
        Integer i = ORDER.get(r.type());
        return i == null ? Optional.empty() : Optional.of(SHOWN.get(i));
    }

    /** {@code kyeol:network:Network} -> {@code Network}. */
    private static String shortType(String type) {
        return type.substring(type.lastIndexOf(':') + 1);
    }

    /** The referenced stack's own name: the last segment of the reference's {@code name} input. */
    static String referencedStack(PlannedResource r) {
        Object name = r.inputs().get("name");
        String full = name instanceof String s && !s.isEmpty() ? s : r.name();
        return full.substring(full.lastIndexOf('/') + 1);
    }

    private static Optional<String> tag(PlannedResource r, String tag) {
        if (r.inputs().get("tags") instanceof Map<?, ?> tags && tags.get(tag) instanceof String value) {
            return Optional.of(value);
        }
        return Optional.empty();
    }

    /**
     * A Mermaid-safe id: letters, digits and underscores. Every id this class makes starts with a prefix
     * ({@code c_}, {@code r__}, {@code stack_}), so none is a keyword ({@code end}) or starts with the
     * {@code o}/{@code x} that Mermaid would read as an arrow head.
     */
    static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** Label text for a quoted Mermaid label: quotes and angle brackets as entity codes. */
    static String text(String label) {
        return label.replace("#", "#35;").replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }
}
