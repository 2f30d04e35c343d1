package com.kyeol.platform.cost;

import com.kyeol.platform.k8s.Kustomize;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The ALBs a stack will have although no plan resource is one: the AWS Load Balancer Controller makes one per
 * Ingress group (Ingresses sharing {@code alb.ingress.kubernetes.io/group.name} share one ALB, every other Ingress of
 * class {@code alb} gets its own). Ingresses come from Helm values ({@link HelmFootprints#INGRESSES}) and from the
 * Kustomize directories of this repository that ArgoCD Applications in the plan deploy ({@code kubectl kustomize}).
 * Each ALB is charged to the resource whose Ingress comes first.
 */
public final class Ingresses {

    static final String GROUP = "alb.ingress.kubernetes.io/group.name";
    static final String SCHEME = "alb.ingress.kubernetes.io/scheme";
    static final String SUBNETS = "alb.ingress.kubernetes.io/subnets";
    static final String APPLICATION = "kubernetes:argoproj.io/v1alpha1:Application";
    static final String RELEASE = "kubernetes:helm.sh/v3:Release";
    static final String INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
    static final String CLUSTER = "aws:eks/cluster:Cluster";

    /** One Ingress of class alb, from where it comes. */
    record Ingress(String sourceUrn, String name, Map<String, Object> annotations) {

        String groupKey() {
            Object group = annotations.get(GROUP);
            return group != null ? "group " + group : "Ingress " + name;
        }

        boolean internetFacing() {
            return "internet-facing".equals(annotations.get(SCHEME));
        }
    }

    /** One load balancer: the Ingresses it serves, public or internal, in how many zones. */
    public record Alb(String name, String sourceUrn, List<String> ingresses, boolean internetFacing, int zones) {
    }

    /** The ALBs found, and per source resource what could not be read (that part of its line is unpriced). */
    public record Found(List<Alb> albs, Map<String, List<String>> problems) {

        public List<Alb> of(String urn) {
            return albs.stream().filter(a -> a.sourceUrn().equals(urn)).toList();
        }

        public List<String> problemsOf(String urn) {
            return problems.getOrDefault(urn, List.of());
        }
    }

    private Ingresses() {
    }

    public static Found find(Plan plan, Path projectDir) {
        List<Ingress> ingresses = new ArrayList<>();
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (PlannedResource r : plan.resources()) {
            if (r.type().equals(RELEASE)) {
                ingresses.addAll(fromRelease(r));
            } else if (r.type().equals(INGRESS)) {
                fromObject(r, plan).ifPresent(ingresses::add);
            } else if (r.type().equals(APPLICATION)) {
                try {
                    ingresses.addAll(fromApplication(r, projectDir));
                } catch (Kustomize.RenderException e) {
                    problems.computeIfAbsent(r.urn(), u -> new ArrayList<>()).add("its Ingresses (ALBs) are not counted: "
                            + e.getMessage());
                }
            }
        }
        Map<String, List<Ingress>> groups = new LinkedHashMap<>();
        ingresses.forEach(i -> groups.computeIfAbsent(i.groupKey(), k -> new ArrayList<>()).add(i));
        List<Alb> albs = new ArrayList<>();
        groups.forEach((key, members) -> {
            boolean internetFacing = members.stream().anyMatch(Ingress::internetFacing);
            int zones = members.stream().map(i -> i.annotations().get(SUBNETS)).filter(Objects::nonNull).findFirst()
                    .map(s -> String.valueOf(s).split(",").length)
                    .orElseGet(() -> zonesOfTaggedSubnets(plan, internetFacing));
            albs.add(new Alb(key, members.get(0).sourceUrn(), members.stream().map(Ingress::name).toList(), internetFacing,
                    zones));
        });
        return new Found(List.copyOf(albs), problems);
    }

    /** Ingresses a release's values turn on, for charts in {@link HelmFootprints#INGRESSES}. */
    static List<Ingress> fromRelease(PlannedResource release) {
        String chart = String.valueOf(release.inputs().get("chart"));
        Map<String, Object> values = Values.map(release.inputs(), "values");
        String releaseName = Values.string(release.inputs(), "name").orElse(release.name());
        List<Ingress> found = new ArrayList<>();
        for (HelmFootprints.IngressBlock block : HelmFootprints.INGRESSES) {
            if (!block.chart().equals(chart)) {
                continue;
            }
            Map<String, Object> ingress = Values.map(values, block.path());
            Map<String, Object> annotations = Values.map(ingress, "annotations");
            boolean alb = "alb".equals(ingress.get("ingressClassName")) || "aws".equals(ingress.get("controller"))
                    || "alb".equals(annotations.get("kubernetes.io/ingress.class"));
            if (Values.bool(ingress, "enabled", false) && alb) {
                found.add(new Ingress(release.urn(), releaseName + " " + block.path(), annotations));
            }
        }
        return found;
    }

    /**
     * An Ingress object of class alb the stack applies to its own cluster. One applied through another stack's cluster
     * (a spoke's route on the hub's telemetry endpoint: its provider's kubeconfig comes from a stack reference) joins a
     * load balancer that stack owns and pays for: nothing here.
     */
    static Optional<Ingress> fromObject(PlannedResource ingress, Plan plan) {
        if (!onOwnCluster(ingress, plan)) {
            return Optional.empty();
        }
        Map<String, Object> annotations = Values.map(ingress.inputs(), "metadata.annotations");
        boolean alb = "alb".equals(Values.string(ingress.inputs(), "spec.ingressClassName").orElse(null))
                || "alb".equals(annotations.get("kubernetes.io/ingress.class"));
        if (!alb) {
            return Optional.empty();
        }
        String name = Values.string(ingress.inputs(), "metadata.namespace").orElse("default") + "/"
                + Values.string(ingress.inputs(), "metadata.name").orElse(ingress.name());
        return Optional.of(new Ingress(ingress.urn(), name, annotations));
    }

    /** Whether a Kubernetes object's provider reaches an EKS cluster this plan creates. */
    static boolean onOwnCluster(PlannedResource object, Plan plan) {
        String provider = object.provider();
        if (provider == null || provider.isEmpty()) {
            return true; // the default provider: the ambient cluster of this stack
        }
        int cut = provider.lastIndexOf("::");
        String providerUrn = cut > 0 ? provider.substring(0, cut) : provider;
        return plan.resources().stream().filter(r -> r.urn().equals(providerUrn)).findFirst()
                .map(p -> p.propertyDependencies().getOrDefault("kubeconfig", List.of()).stream()
                        .anyMatch(dep -> plan.resources().stream().anyMatch(r -> r.urn().equals(dep) && r.type().equals(CLUSTER))))
                .orElse(false);
    }

    /** Ingresses of class alb in the Kustomize directory an Application deploys from this repository. */
    @SuppressWarnings("unchecked")
    static List<Ingress> fromApplication(PlannedResource application, Path projectDir) throws Kustomize.RenderException {
        Optional<String> path = Values.string(application.inputs(), "spec.source.path");
        if (path.isEmpty()) {
            return List.of();
        }
        Path dir = projectDir.resolve(path.get());
        if (!Files.isRegularFile(dir.resolve("kustomization.yaml"))) {
            throw new Kustomize.RenderException(path.get() + " is not a Kustomize directory of this repository");
        }
        String namespace = Values.string(application.inputs(), "spec.destination.namespace").orElse("default");
        List<Ingress> found = new ArrayList<>();
        for (Map<String, Object> object : Kustomize.render(dir)) {
            if (!"Ingress".equals(object.get("kind"))) {
                continue;
            }
            Map<String, Object> annotations = Values.map(object, "metadata.annotations");
            boolean alb = "alb".equals(Values.string(object, "spec.ingressClassName").orElse(null))
                    || "alb".equals(annotations.get("kubernetes.io/ingress.class"));
            if (alb) {
                String name = Values.string(object, "metadata.namespace").orElse(namespace) + "/"
                        + Values.string(object, "metadata.name").orElse("?");
                found.add(new Ingress(application.urn(), name, annotations));
            }
        }
        return found;
    }

    /** The controller puts an ALB in one subnet per zone among those tagged for its scheme. */
    private static int zonesOfTaggedSubnets(Plan plan, boolean internetFacing) {
        String tag = internetFacing ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb";
        var zones = new TreeSet<String>();
        for (PlannedResource subnet : plan.ofType("aws:ec2/subnet:Subnet")) {
            if ("1".equals(String.valueOf(Values.map(subnet.inputs(), "tags").get(tag)))) {
                Values.string(subnet.inputs(), "availabilityZone").ifPresent(zones::add);
            }
        }
        return zones.size();
    }
}
