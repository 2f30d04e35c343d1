package com.kyeol.platform.gitops;

import com.kyeol.platform.addons.HelmChart;
import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.Certificates;
import com.kyeol.platform.aws.HostedZone;
import com.kyeol.platform.aws.PodIdentity;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.cluster.ClusterComponent;
import com.kyeol.platform.config.Cidr;
import com.kyeol.platform.config.HubSettings;
import com.kyeol.platform.k8s.KubernetesObject;
import com.kyeol.platform.k8s.PodResources;
import com.kyeol.platform.security.PodSecurity;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.core.v1.SecretArgs;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Central CD on the hub: ArgoCD, its controllers and server replicated, at {@code argocd.<zone>} behind an ALB with TLS and gRPC
 * for the CLI; the IAM identity its controller and server use to reach the spokes (EKS Pod Identity, then
 * each spoke's role); the {@code platform} AppProject. Spokes register themselves here (see
 * {@link SpokeComponent}); the hub never references a spoke, so there is no stack-reference cycle.
 */
public final class HubComponent extends ComponentResource {

    public static final String NAMESPACE = "argocd";
    /** Service accounts of the ArgoCD components that talk to spoke clusters (chart defaults). */
    static final List<String> SPOKE_FACING_SERVICE_ACCOUNTS =
            List.of("argocd-application-controller", "argocd-server", "argocd-applicationset-controller");
    /** The name every spoke's role carries, so the hub can be allowed to assume exactly those. */
    public static final String SPOKE_ROLE_PATTERN = "kyeol-*-argocd-spoke";

    @Export(name = "argocdRoleArn")
    public final Output<String> argocdRoleArn;
    @Export(name = "argocdUrl")
    public final Output<String> argocdUrl;

    /**
     * @param readyForWorkloads what a workload on the hub cluster waits for (nodes, DNS, the load balancer controller,
     *                          whose Ingress webhook must answer before ArgoCD's Ingress is admitted)
     */
    public HubComponent(String name, HubSettings settings, HostedZone zone, ClusterComponent cluster, List<Resource> readyForWorkloads,
                        AwsTarget aws, ComponentResourceOptions options) {
        super("kyeol:gitops:Hub", name, options);

        // The hub's identity: ArgoCD's pods get it through Pod Identity and chain into each spoke's role.
        Output<String> assumeSpokes = aws.accountId().applyValue(own -> {
            List<String> accounts = new ArrayList<>(List.of(own));
            settings.spokeAccountIds().stream().filter(a -> !a.equals(own)).forEach(accounts::add);
            return PolicyDocuments.document(List.of(PolicyDocuments.allow(List.of("sts:AssumeRole", "sts:TagSession"),
                    accounts.stream().map(a -> "arn:aws:iam::" + a + ":role/" + SPOKE_ROLE_PATTERN).toList(), Map.of())));
        });
        var identity = new PodIdentity(name, name + "-argocd", "ArgoCD of the hub: assumes the spokes' roles",
                cluster.podIdentity, NAMESPACE, SPOKE_FACING_SERVICE_ACCOUNTS, assumeSpokes, aws, this);

        Output<String> certificateArn = Certificates.dnsValidated(name + "-argocd", settings.argocdHostname(), zone.zoneId(),
                aws, aws, Map.of("Name", "kyeol-" + name + "-argocd-cert"), this);

        // Pod Security restricted: every pod of the chart meets it with its defaults (controller, server, repo server,
        // ApplicationSet, Redis and the Redis secret job: non-root, read-only root, no privilege escalation, ALL
        // capabilities dropped, RuntimeDefault seccomp; checked against the chart's values by NamespacePodSecurityTest).
        var namespace = PodSecurity.restricted(name + "-argocd-namespace", NAMESPACE, CustomResourceOptions.builder().parent(this)
                .provider(cluster.kubernetes).dependsOn(cluster.readyForWorkloads).build());
        // The admin password: a bcrypt hash from a config secret, in the Secret ArgoCD reads (the chart's own is off,
        // so the Helm values stay free of secrets and reviewable in every plan). ArgoCD adds server.secretkey itself.
        var adminSecret = new Secret(name + "-argocd-secret", SecretArgs.builder()
                .metadata(ObjectMetaArgs.builder().name("argocd-secret").namespace(NAMESPACE)
                        .labels(Map.of("app.kubernetes.io/name", "argocd-secret", "app.kubernetes.io/part-of", "argocd"))
                        .build())
                .type("Opaque")
                .stringData(settings.adminPasswordBcrypt().output().applyValue(hash -> Map.of(
                        "admin.password", hash,
                        "admin.passwordMtime", "2026-01-01T00:00:00Z")))
                .build(), CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes).dependsOn(namespace).build());

        List<Resource> dependsOn = new ArrayList<>(readyForWorkloads);
        dependsOn.addAll(identity.ready());
        dependsOn.add(adminSecret);
        var argocd = new Release(name + "-argocd", HelmChart.ARGO_CD.release("argocd", NAMESPACE,
                certificateArn.applyValue(arn -> argocdValues(settings, arn)), 900).build(),
                CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes).dependsOn(dependsOn).build());

        // Platform-level applications (ArgoCD managing itself and hub add-ons) stay on the hub.
        new KubernetesObject(name + "-project-platform", "argoproj.io/v1alpha1", "AppProject",
                ObjectMetaArgs.builder().name("platform").namespace(NAMESPACE).build(),
                Output.of(Map.of(
                        "description", "Platform components of the hub cluster",
                        "sourceRepos", List.of(settings.gitopsRepoUrl()),
                        "destinations", List.of(Map.of("server", "https://kubernetes.default.svc", "namespace", NAMESPACE)),
                        "clusterResourceWhitelist", List.of(),
                        "namespaceResourceWhitelist", List.of(Map.of("group", "*", "kind", "*")))),
                CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes).dependsOn(argocd).build());

        this.argocdRoleArn = identity.roleArn();
        this.argocdUrl = Output.of("https://" + settings.argocdHostname());
        registerOutputs(Map.of("argocdRoleArn", argocdRoleArn, "argocdUrl", argocdUrl));
    }

    /**
     * ArgoCD with its controller, server, repo server and ApplicationSet controller replicated with PDBs, TLS ending at
     * the ALB (ACM), gRPC for the CLI through the chart's second service. Redis runs as the chart's single instance, not
     * redis-ha: ArgoCD uses Redis only as a cache it rebuilds when lost (ArgoCD's HA guide), and redis-ha's 3 Redis +
     * 3 HAProxy pods with hard anti-affinity would need three nodes and nine pod slots on the hub. Dex and the
     * notifications controller are off (local admin, no notification config). Every pod has explicit requests.
     */
    static Map<String, Object> argocdValues(HubSettings settings, String certificateArn) {
        var annotations = new LinkedHashMap<String, Object>();
        annotations.put("alb.ingress.kubernetes.io/scheme", "internet-facing");
        annotations.put("alb.ingress.kubernetes.io/target-type", "ip");
        annotations.put("alb.ingress.kubernetes.io/listen-ports", "[{\"HTTPS\":443}]");
        annotations.put("alb.ingress.kubernetes.io/certificate-arn", certificateArn);
        annotations.put("alb.ingress.kubernetes.io/ssl-policy", "ELBSecurityPolicy-TLS13-1-2-2021-06");
        annotations.put("alb.ingress.kubernetes.io/inbound-cidrs",
                settings.argocdAllowedCidrs().stream().map(Cidr::toString).collect(Collectors.joining(",")));
        annotations.put("external-dns.alpha.kubernetes.io/hostname", settings.argocdHostname());

        Map<String, Object> pdb = Map.of("enabled", true, "minAvailable", 1);
        var values = new LinkedHashMap<String, Object>();
        values.put("global", Map.of("domain", settings.argocdHostname()));
        values.put("redis-ha", Map.of("enabled", false));
        values.put("redis", Map.of("resources", PodResources.of("50m", "64Mi", "256Mi")));
        values.put("redisSecretInit", Map.of("resources", PodResources.of("10m", "32Mi", "64Mi")));
        values.put("dex", Map.of("enabled", false));
        values.put("notifications", Map.of("enabled", false));
        // Application health and sync status as metrics (argocd_app_info), scraped by the hub's Prometheus.
        values.put("controller", Map.of("replicas", 2, "pdb", pdb, "resources", PodResources.of("100m", "384Mi", "1Gi"),
                "metrics", Map.of("enabled", true)));
        values.put("server", Map.of(
                "replicas", 2,
                "pdb", pdb,
                "resources", PodResources.of("50m", "128Mi", "256Mi"),
                "ingress", Map.of(
                        "enabled", true,
                        "controller", "aws",
                        "ingressClassName", "alb",
                        "hostname", settings.argocdHostname(),
                        "annotations", annotations,
                        "aws", Map.of("backendProtocolVersion", "GRPC", "serviceType", "ClusterIP"))));
        values.put("repoServer", Map.of("replicas", 2, "pdb", pdb, "resources", PodResources.of("50m", "256Mi", "512Mi"),
                "copyutil", Map.of("resources", PodResources.of("10m", "32Mi", "64Mi"))));
        values.put("applicationSet", Map.of("replicas", 2, "pdb", pdb, "resources", PodResources.of("25m", "64Mi", "128Mi")));
        values.put("configs", Map.of(
                "params", Map.of("server.insecure", true),
                "secret", Map.of("createSecret", false)));
        return values;
    }
}
