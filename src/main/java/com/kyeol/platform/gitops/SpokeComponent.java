package com.kyeol.platform.gitops;

import com.kyeol.platform.addons.ExternalSecrets;
import com.kyeol.platform.addons.HelmChart;
import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.cluster.ClusterAccess;
import com.kyeol.platform.cluster.ClusterComponent;
import com.kyeol.platform.cluster.Kubeconfig;
import com.kyeol.platform.config.NetworkSettings;
import com.kyeol.platform.config.SpokeSettings;
import com.kyeol.platform.config.Tier;
import com.kyeol.platform.data.SaleorWorkload;
import com.kyeol.platform.k8s.KubernetesObject;
import com.kyeol.platform.k8s.PodResources;
import com.kyeol.platform.security.AppNamespaceGuardrails;
import com.kyeol.platform.security.PodSecurity;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.ConfigMapArgs;
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

/**
 * A workload environment's link to the hub, made by the workload stack itself (the hub never references a
 * spoke): the role the hub's ArgoCD assumes, with cluster-admin access to this cluster; the cluster's
 * registration in the hub's ArgoCD (a cluster Secret with environment labels and platform annotations); the
 * environment's AppProject and Saleor Application there; and, on this cluster, the app namespace, the
 * platform facts ConfigMap, the External Secrets Operator with a store scoped to this environment, the
 * {@code saleor-database} ExternalSecret (DATABASE_URL with {@code sslmode=verify-full}) and Reloader, which rolls the
 * Saleor Deployments when a secret they read changes (RDS rotates the database password).
 *
 * <p>Teardown: the Application carries ArgoCD's resources finalizer and depends on the load balancer controller
 * and ExternalDNS releases, so {@code pulumi destroy} deletes it first: ArgoCD removes the app (its Ingress),
 * the controller removes the ALB and ExternalDNS the record, and only then do they and the cluster go.
 */
public final class SpokeComponent extends ComponentResource {

    /** Where Saleor runs on every workload cluster; the GitOps tree and the data tier use the same name. */
    public static final String APP_NAMESPACE = SaleorWorkload.NAMESPACE;
    /** The Secret with DATABASE_URL the stack's ExternalSecret maintains (gitops/base reads it). */
    public static final String DATABASE_SECRET = "saleor-database";
    public static final String PLATFORM_CONFIGMAP = "kyeol-platform";
    public static final String SECRET_STORE = ExternalSecrets.STORE;
    static final String RESOURCES_FINALIZER = "resources-finalizer.argocd.argoproj.io";
    static final String RELOADER_NAMESPACE = "reloader";
    /** The pod-template annotation Reloader's annotations strategy sets on a rollout. */
    static final String RELOADER_MARK = "reloader.stakater.com/last-reloaded-from";
    /**
     * How often ESO re-reads the RDS-managed secret. After RDS rotates the password, new connections fail until ESO
     * has read it and Reloader has rolled the pods: at most this interval plus one rollout.
     */
    static final String DATABASE_SECRET_REFRESH = "1m";

    @Export(name = "argocdSpokeRoleArn")
    public final Output<String> spokeRoleArn;
    @Export(name = "argocdApplication")
    public final Output<String> application;
    /** The hub's cluster, reached with this deployer's credentials: what the environment registers there goes through it. */
    public final Provider hubKubernetes;

    /**
     * @param facts       non-secret platform facts for the app (become the ConfigMap and cluster-Secret annotations)
     * @param ingressPatch a JSON6902 patch of the app's Ingress with this stack's values (origin header check);
     *                     secret, because it carries the origin-verify header value
     * @param readyForWorkloads what a workload on this cluster waits for (nodes, DNS, the load balancer controller)
     * @param secretsReadPolicy what ESO's role may do: read the app's secrets and decrypt their keys
     * @param database      where the app's database is and the RDS-managed secret with its credentials
     * @param network       the stack's network (the app namespace's NetworkPolicies take their CIDRs from it)
     * @param traces        {@code observability.traces}: the app namespace lets Saleor reach the cluster collector's OTLP port
     */
    public record Args(SpokeSettings settings, String region, Tier tier, NetworkSettings network, boolean traces, HubReference hub,
                       ClusterComponent cluster, List<Resource> ingressPlatform, List<Resource> readyForWorkloads,
                       Map<String, Output<String>> facts, Output<String> ingressPatch, Output<String> secretsReadPolicy,
                       DatabaseEndpoint database) {
    }

    /** The database the app connects to; the credentials stay in the RDS-managed secret. */
    public record DatabaseEndpoint(Output<String> host, Output<Integer> port, String name, Output<String> credentialsSecretArn) {
    }

    public SpokeComponent(String name, Args args, AwsTarget aws, ComponentResourceOptions options) {
        super("kyeol:gitops:Spoke", name, options);
        var hub = args.hub();
        var cluster = args.cluster();
        String clusterName = "kyeol-" + name;

        // 1. The role the hub's ArgoCD chains into, and its access to this cluster.
        var spokeRole = new Role(name + "-argocd-spoke", RoleArgs.builder()
                .name(HubComponent.SPOKE_ROLE_PATTERN.replace("*", name))
                .description("Assumed by the hub's ArgoCD to deploy to " + clusterName)
                .assumeRolePolicy(hub.require(HubOutputs.ARGOCD_ROLE_ARN).applyValue(hubRole -> PolicyDocuments.document(List.of(
                        PolicyDocuments.allow(List.of("sts:AssumeRole", "sts:TagSession"), null,
                                Map.of("Principal", Map.of("AWS", hubRole)))))))
                .build(), aws.child(this));
        var access = ClusterAccess.admin(name + "-argocd-spoke", cluster.clusterName, spokeRole.arn(), aws, this);

        // 2. The hub's cluster, reached with this deployer's credentials.
        this.hubKubernetes = new Provider(name + "-hub-k8s", ProviderArgs.builder()
                .kubeconfig(Kubeconfig.forCluster(hub.require(HubOutputs.CLUSTER_NAME), hub.require(HubOutputs.CLUSTER_ENDPOINT),
                        hub.require(HubOutputs.CLUSTER_CA), hub.require(HubOutputs.REGION)))
                .enableServerSideApply(true)
                .build(), CustomResourceOptions.builder().parent(this).build());
        Output<String> argocd = hub.require(HubOutputs.ARGOCD_NAMESPACE);

        var registration = new Secret(name + "-argocd-cluster", SecretArgs.builder()
                .metadata(ObjectMetaArgs.builder()
                        .name("cluster-" + clusterName)
                        .namespace(argocd)
                        .labels(Map.of(
                                "argocd.argoproj.io/secret-type", "cluster",
                                "environment", name,
                                "kyeol.io/tier", args.tier().configValue()))
                        .annotations(annotations(name, args))
                        .build())
                .type("Opaque")
                .stringData(Output.tuple(cluster.endpoint, cluster.certificateAuthorityData, spokeRole.arn()).applyValue(t -> Map.of(
                        "name", clusterName,
                        "server", t.t1,
                        "config", PolicyDocuments.json(Map.of(
                                "awsAuthConfig", Map.of("clusterName", clusterName, "roleARN", t.t3),
                                "tlsClientConfig", Map.of("insecure", false, "caData", t.t2))))))
                .build(), CustomResourceOptions.builder().parent(this).provider(hubKubernetes).dependsOn(access).build());

        Output<String> repo = hub.require(HubOutputs.GITOPS_REPO_URL);
        var project = new KubernetesObject(name + "-argocd-project", "argoproj.io/v1alpha1", "AppProject",
                ObjectMetaArgs.builder().name("apps-" + name).namespace(argocd).build(),
                repo.applyValue(url -> Map.of(
                        "description", "Saleor in " + name + ": only this repository, only this cluster's app namespace",
                        "sourceRepos", List.of(url),
                        "destinations", List.of(Map.of("name", clusterName, "namespace", APP_NAMESPACE)),
                        "clusterResourceWhitelist", List.of(),
                        "namespaceResourceBlacklist", List.of(
                                Map.of("group", "", "kind", "ResourceQuota"),
                                Map.of("group", "", "kind", "LimitRange"),
                                Map.of("group", "networking.k8s.io", "kind", "NetworkPolicy")))),
                CustomResourceOptions.builder().parent(this).provider(hubKubernetes).build());

        // 3. On this cluster: the app namespace (Pod Security restricted) and its guardrails, its platform facts, and
        // External Secrets.
        var appNamespace = PodSecurity.restricted(name + "-app-namespace", APP_NAMESPACE, CustomResourceOptions.builder()
                .parent(this).provider(cluster.kubernetes).dependsOn(cluster.readyForWorkloads).build());
        var guardrails = new AppNamespaceGuardrails(name, APP_NAMESPACE, args.network(), args.traces(), args.tier(), cluster.kubernetes,
                appNamespace, ComponentResourceOptions.builder().parent(this).build());
        var facts = new ConfigMap(name + "-platform-facts", ConfigMapArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(PLATFORM_CONFIGMAP).namespace(APP_NAMESPACE).build())
                .data(Output.all(args.facts().values().stream().toList()).applyValue(values -> {
                    var data = new LinkedHashMap<String, String>();
                    var keys = new ArrayList<>(args.facts().keySet());
                    for (int i = 0; i < keys.size(); i++) {
                        data.put(keys.get(i), values.get(i));
                    }
                    return (Map<String, String>) data;
                }))
                .build(), CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes).dependsOn(appNamespace).build());

        // External Secrets (the same piece the hub runs): its role reads exactly this environment's two secrets and
        // decrypts their keys (through Secrets Manager only).
        var store = ExternalSecrets.install(name, cluster, args.secretsReadPolicy(), args.readyForWorkloads(),
                "External Secrets Operator of " + clusterName + ": reads this environment's application secrets", aws, this).store();

        // The database URL: only this stack knows the RDS-managed secret's ARN, so it writes this ExternalSecret
        // (the password is URL-encoded by ESO's template; RDS rotates it, ESO re-reads it every minute).
        var databaseSecret = new KubernetesObject(name + "-database-secret", "external-secrets.io/v1", "ExternalSecret",
                ObjectMetaArgs.builder().name(DATABASE_SECRET).namespace(APP_NAMESPACE).build(),
                Output.tuple(args.database().host(), args.database().port(), args.database().credentialsSecretArn())
                        .applyValue(t -> databaseExternalSecret(t.t1, t.t2, args.database().name(), t.t3)),
                CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes).dependsOn(List.of(store, appNamespace)).build());

        // Reloader: when ESO writes a new password into saleor-database (or the facts change), it rolls the Saleor
        // Deployments annotated reloader.stakater.com/auto, so running pods do not keep a dead password. It watches
        // the app namespace only (a Role there, no ClusterRole) and marks pods with an annotation, which the
        // Application tells ArgoCD to ignore (the env-var strategy would be reverted by self-heal).
        // Its own namespace, labelled like every other: the chart's pod context (non-root 65534, RuntimeDefault) plus the
        // container context below meet restricted.
        var reloaderNamespace = PodSecurity.restricted(name + "-reloader-namespace", RELOADER_NAMESPACE, CustomResourceOptions.builder()
                .parent(this).provider(cluster.kubernetes).dependsOn(cluster.readyForWorkloads).build());
        List<Resource> reloaderDependencies = new ArrayList<>(args.readyForWorkloads());
        reloaderDependencies.add(appNamespace);
        reloaderDependencies.add(reloaderNamespace);
        var reloader = new Release(name + "-reloader", HelmChart.RELOADER.release("reloader", RELOADER_NAMESPACE,
                Output.of(Map.of("reloader", PolicyDocuments.ordered(
                        "watchGlobally", false,
                        "namespaces", List.of(APP_NAMESPACE),
                        "reloadStrategy", "annotations",
                        "deployment", Map.of("replicas", 1, "resources", PodResources.of("10m", "64Mi", "128Mi"),
                                "containerSecurityContext", Map.of("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true,
                                        "capabilities", Map.of("drop", List.of("ALL"))))))), 600)
                .build(), CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes).dependsOn(reloaderDependencies).build());

        // 4. The environment's Application on the hub, last to come and first to go.
        List<Resource> applicationDependencies = new ArrayList<>(args.ingressPlatform());
        applicationDependencies.addAll(List.of(registration, project, facts, store, databaseSecret, reloader));
        // The first sync finds the namespace's network policies, quota and limit range in place.
        applicationDependencies.addAll(guardrails.objects);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("project", "apps-" + name);
        Output<String> storefrontImage = hub.requireObject(HubOutputs.ECR_REPOSITORY_URLS)
                .applyValue(urls -> "storefront=" + ((Map<?, ?>) urls).get("storefront"));
        spec.put("source", Map.of(
                "repoURL", repo,
                "targetRevision", args.settings().targetRevision(),
                "path", args.settings().path(),
                "kustomize", Map.of(
                        // The storefront image lives in the hub's ECR; the overlay pins its tag.
                        "images", List.of(storefrontImage),
                        "patches", kustomizePatches(name, args))));
        spec.put("destination", Map.of("name", clusterName, "namespace", APP_NAMESPACE));
        // Reloader's restart mark is not in Git: ArgoCD ignores it instead of reverting it.
        spec.put("ignoreDifferences", List.of(Map.of("group", "apps", "kind", "Deployment",
                "jsonPointers", List.of("/spec/template/metadata/annotations/" + RELOADER_MARK.replace("/", "~1")))));
        spec.put("syncPolicy", Map.of(
                "automated", Map.of("prune", true, "selfHeal", true),
                "syncOptions", List.of("ServerSideApply=true", "CreateNamespace=false", "RespectIgnoreDifferences=true"),
                "retry", Map.of("limit", 5, "backoff", Map.of("duration", "10s", "factor", 2, "maxDuration", "5m"))));
        var app = new KubernetesObject(name + "-argocd-application", "argoproj.io/v1alpha1", "Application",
                ObjectMetaArgs.builder()
                        .name(applicationName(name))
                        .namespace(argocd)
                        .labels(Map.of("environment", name, "app.kubernetes.io/part-of", "saleor"))
                        .finalizers(RESOURCES_FINALIZER)
                        .build(),
                Output.of(spec),
                CustomResourceOptions.builder().parent(this).provider(hubKubernetes).dependsOn(applicationDependencies).build());

        this.spokeRoleArn = spokeRole.arn();
        this.application = Output.of(applicationName(name));
        registerOutputs(Map.of("argocdSpokeRoleArn", spokeRoleArn, "argocdApplication", application));
    }

    /** The environment's ArgoCD Application on the hub: {@code saleor-<env>}. */
    public static String applicationName(String environment) {
        return "saleor-" + environment;
    }

    /** Fact names of the environment's public and origin hostnames (the Application derives its patches from them). */
    public static final String SERVICE_HOSTNAME_FACT = "SERVICE_HOSTNAME";
    public static final String ORIGIN_HOSTNAME_FACT = "ORIGIN_HOSTNAME";

    /** The secret origin-protection patch of the Ingress, then what makes gitops/base this environment's. */
    private static List<Map<String, Object>> kustomizePatches(String name, Args args) {
        List<Map<String, Object>> patches = new ArrayList<>();
        patches.add(Map.of("target", Map.of("kind", "Ingress", "name", IngressPatch.INGRESS), "patch", args.ingressPatch()));
        patches.addAll(EnvironmentPatches.of(name, args.facts().get(SERVICE_HOSTNAME_FACT), args.facts().get(ORIGIN_HOSTNAME_FACT)));
        return patches;
    }

    /**
     * An ExternalSecret that renders DATABASE_URL from the RDS-managed secret (username, password) and the endpoint:
     * TLS with the server verified against the RDS CA bundle and its hostname ({@code verify-full}).
     */
    static Map<String, Object> databaseExternalSecret(String host, int port, String database, String secretArn) {
        String url = "postgres://{{ .username | urlquery }}:{{ .password | urlquery }}@" + host + ":" + port + "/" + database
                + "?sslmode=verify-full&sslrootcert=" + SaleorWorkload.DATABASE_CA_FILE;
        return Map.of(
                "refreshInterval", DATABASE_SECRET_REFRESH,
                "secretStoreRef", Map.of("kind", "ClusterSecretStore", "name", SECRET_STORE),
                "target", Map.of("name", DATABASE_SECRET, "creationPolicy", "Owner",
                        "template", Map.of("engineVersion", "v2", "data", Map.of("DATABASE_URL", url))),
                "data", List.of(
                        Map.of("secretKey", "username", "remoteRef", Map.of("key", secretArn, "property", "username")),
                        Map.of("secretKey", "password", "remoteRef", Map.of("key", secretArn, "property", "password"))));
    }

    /** gitops-bridge style annotations: what ApplicationSets and humans can read off the cluster registration. */
    private static Output<Map<String, String>> annotations(String name, Args args) {
        var keys = new ArrayList<>(args.facts().keySet());
        return Output.all(keys.stream().map(k -> args.facts().get(k)).toList()).applyValue(values -> {
            var annotations = new LinkedHashMap<String, String>();
            annotations.put("kyeol.io/environment", name);
            annotations.put("aws_region", args.region());
            annotations.put("aws_cluster_name", "kyeol-" + name);
            for (int i = 0; i < keys.size(); i++) {
                annotations.put("kyeol.io/" + keys.get(i).toLowerCase().replace('_', '-'), values.get(i));
            }
            return (Map<String, String>) annotations;
        });
    }
}
