package com.kyeol.platform.ci;

import com.kyeol.platform.addons.ExternalSecrets;
import com.kyeol.platform.addons.HelmChart;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.cluster.ClusterComponent;
import com.kyeol.platform.config.CiSettings;
import com.kyeol.platform.config.HubSettings;
import com.kyeol.platform.k8s.KubernetesObject;
import com.kyeol.platform.security.AppNetworkPolicies;
import com.kyeol.platform.security.PodSecurity;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.ConfigMapArgs;
import com.pulumi.kubernetes.core.v1.Namespace;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.kubernetes.networking.v1.NetworkPolicy;
import com.pulumi.kubernetes.networking.v1.NetworkPolicyArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicySpecArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Self-hosted GitHub Actions runners on the hub (Actions Runner Controller, scale-set mode): the controller in
 * {@value #CONTROLLER_NAMESPACE}, and one scale set per kind of trust, each in its own namespace:
 * <ul>
 *   <li>{@value #PREVIEW} for pull-request previews and the nightly drift check;</li>
 *   <li>{@value #DEPLOY} for {@code pulumi up} from the stacks' GitHub environments.</li>
 * </ul>
 * Runner pods run on the hub's nodes, in its private subnets: they leave through the hub's NAT address, which every
 * workload cluster admits on its API endpoint, and reach the hub's own API on its private endpoint. Both scale sets
 * are empty when idle ({@code minRunners: 0}); every runner pod serves one job and is deleted.
 *
 * <p><b>No AWS identity on the runner.</b> A runner pod has no Pod Identity association (its service account is the
 * chart's permission-less one, without a token mounted) and cannot reach the node's metadata (IMDSv2, hop limit 1).
 * A job gets AWS credentials only by trading its own GitHub OIDC token for a role whose trust names that job's subject
 * ({@link GithubActionsComponent}): the deploy role only for jobs in a stack's GitHub environment. So a job that lands
 * on a runner it should not (a {@code runs-on} edited in a pull request) still gets nothing the GitHub environment
 * did not approve.
 *
 * <p><b>Which jobs.</b> Each scale set's runners run a {@link JobGate} before every job: previews only for this
 * repository's own pull requests (never a fork's), the drift check and its manual runs; deploys only deploy.yml on
 * the deploy branch. A pull request that edits a workflow's {@code runs-on} or {@code if} cannot edit the gate.
 *
 * <p><b>What a job reaches.</b> Each runner namespace denies all traffic but DNS, HTTPS inside the hub's VPC (its API
 * on the private endpoint) and anything outside it ({@link #runnerTraffic}): a job cannot talk to the hub's own pods.
 *
 * <p><b>GitHub App.</b> The listener and runners register with a GitHub App whose credentials External Secrets copies
 * from Secrets Manager into the Secret {@value #GITHUB_SECRET} of each runner namespace ({@code githubConfigSecret}
 * names it): never in values, state or Git.
 */
public final class RunnerScaleSets extends ComponentResource {

    /** The scale set names: what workflows put in {@code runs-on}. */
    public static final String PREVIEW = "kyeol-preview";
    public static final String DEPLOY = "kyeol-deploy";
    public static final String CONTROLLER_NAMESPACE = "arc-systems";
    static final String CONTROLLER_RELEASE = "arc";
    /** The controller's service account (the scale sets' manager role binds it; named, not discovered by lookup). */
    static final String CONTROLLER_SERVICE_ACCOUNT = "arc-gha-rs-controller";
    /** The Kubernetes Secret each runner namespace gets from the GitHub App secret in Secrets Manager. */
    public static final String GITHUB_SECRET = "github-app";
    /** The keys of the GitHub App secret (the same in Secrets Manager and in the Kubernetes Secret the chart reads). */
    public static final List<String> GITHUB_APP_KEYS = List.of("github_app_id", "github_app_installation_id", "github_app_private_key");
    /**
     * The runner image, the chart's default: GitHub stops sending jobs to a runner version 30 days after a newer one is
     * released, so a pinned tag would need a bump every month; {@code Always} pulls the current one for each pod.
     */
    static final String RUNNER_IMAGE = "ghcr.io/actions/actions-runner:latest";
    /** The runner image's user (uid 1001, {@code USER runner} by name, so the pod must say it to run as non-root). */
    static final int RUNNER_UID = 1001;

    /** The workflows whose jobs each scale set runs (their {@code runs-on}); the job gates hold them to it. */
    public static final List<String> PREVIEW_WORKFLOWS = List.of("pull-request.yml", "drift.yml");
    public static final List<String> DEPLOY_WORKFLOWS = List.of("deploy.yml");
    /** The ConfigMap with each scale set's job gate script. */
    static final String JOB_GATE = "job-gate";

    /**
     * One scale set: its name, namespace, size, what a runner pod requests (a Pulumi run: JVM, engine, providers) and
     * which jobs it accepts.
     */
    public record ScaleSet(String name, String namespace, int maxRunners, String cpu, String memory, String memoryLimit, JobGate gate) {
    }

    /**
     * @param settings           the hub: the repository whose jobs the runners take, its deploy branch, the scale set sizes
     * @param vpcCidr            the hub's VPC: runner pods reach it on 443 only (its API, its interface endpoints)
     * @param githubAppSecretArn the Secrets Manager secret with the GitHub App's credentials
     * @param secrets            the hub's External Secrets Operator, allowed to read that secret
     */
    public record Args(HubSettings settings, String vpcCidr, Output<String> githubAppSecretArn, ExternalSecrets secrets) {
    }

    @Export(name = "scaleSets")
    public final Output<List<String>> scaleSets;

    /**
     * @param readyForWorkloads what the controller waits for: nodes, DNS and the load balancer controller (its webhooks
     *                          fail closed for the listener and runner pods the controller creates)
     */
    public RunnerScaleSets(String name, Args args, ClusterComponent cluster, List<Resource> readyForWorkloads,
                           ComponentResourceOptions options) {
        super("kyeol:ci:Runners", name, options);
        List<Resource> ready = new ArrayList<>(readyForWorkloads);

        var controllerNamespace = namespace(name + "-arc-namespace", CONTROLLER_NAMESPACE, cluster);
        var controller = new Release(name + "-arc-controller",
                HelmChart.GHA_RUNNER_SCALE_SET_CONTROLLER.release(CONTROLLER_RELEASE, CONTROLLER_NAMESPACE, Output.of(controllerValues()), 600)
                        .build(),
                CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes).dependsOn(with(ready, controllerNamespace)).build());

        String githubConfigUrl = "https://github.com/" + args.settings().githubRepository();
        List<String> names = new ArrayList<>();
        for (ScaleSet set : scaleSets(args.settings())) {
            var namespace = namespace(name + "-" + set.name() + "-namespace", set.namespace(), cluster);
            // What a job may reach from a runner pod: not the hub's own pods (ArgoCD, its cache, the add-ons' webhooks).
            List<Resource> traffic = new ArrayList<>();
            var inNamespace = CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes).dependsOn(namespace).build();
            traffic.add(networkPolicy(name + "-" + set.name(), set.namespace(), AppNetworkPolicies.DEFAULT_DENY,
                    AppNetworkPolicies.defaultDeny(), inNamespace));
            for (var allow : runnerTraffic(args.vpcCidr())) {
                traffic.add(networkPolicy(name + "-" + set.name(), set.namespace(), allow.name(), AppNetworkPolicies.spec(allow), inNamespace));
            }
            var gate = new ConfigMap(name + "-" + set.name() + "-job-gate", ConfigMapArgs.builder()
                    .metadata(ObjectMetaArgs.builder().name(JOB_GATE).namespace(set.namespace()).build())
                    .data(Map.of(JobGate.FILE, set.gate().script()))
                    .build(), CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes).dependsOn(namespace).build());
            var credentials = new KubernetesObject(name + "-" + set.name() + "-github-app", "external-secrets.io/v1", "ExternalSecret",
                    ObjectMetaArgs.builder().name(GITHUB_SECRET).namespace(set.namespace()).build(),
                    args.githubAppSecretArn().applyValue(RunnerScaleSets::githubAppExternalSecret),
                    CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes)
                            .dependsOn(List.of(args.secrets().store(), namespace)).build());
            // The AutoscalingRunnerSet's CRD comes with the controller's release: the scale set waits for it.
            new Release(name + "-" + set.name(),
                    HelmChart.GHA_RUNNER_SCALE_SET.release(set.name(), set.namespace(), Output.of(scaleSetValues(githubConfigUrl, set)), 600)
                            .build(),
                    CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes)
                            .dependsOn(with(with(ready, controller, namespace, credentials, gate), traffic.toArray(Resource[]::new))).build());
            names.add(set.name());
        }
        this.scaleSets = Output.of(List.copyOf(names));
        registerOutputs(Map.of("scaleSets", scaleSets));
    }

    /**
     * Preview and deploy, each sized from the stack file; runner pods are sized for one Pulumi run. Previews take pull
     * requests of the repository's own branches, the nightly drift check and its manual runs; deploys take only
     * deploy.yml of the deploy branch, pushed or started by hand.
     */
    public static List<ScaleSet> scaleSets(HubSettings hub) {
        CiSettings ci = hub.ci();
        return List.of(
                new ScaleSet(PREVIEW, "arc-runners-preview", ci.previewMaxRunners(), "500m", "2Gi", "3Gi",
                        new JobGate(PREVIEW, hub.githubRepository(), PREVIEW_WORKFLOWS, List.of("pull_request", "schedule", "workflow_dispatch"),
                                Optional.empty())),
                new ScaleSet(DEPLOY, "arc-runners-deploy", ci.deployMaxRunners(), "500m", "2Gi", "3Gi",
                        new JobGate(DEPLOY, hub.githubRepository(), DEPLOY_WORKFLOWS, List.of("push", "workflow_dispatch"),
                                Optional.of(hub.githubBranch()))));
    }

    /**
     * A runner pod's traffic, in its namespace's default-deny: no ingress; egress to DNS, to the hub's VPC on 443 only
     * (the hub's API on its private endpoint, the VPC's interface endpoints: not ArgoCD, its cache or the add-ons'
     * webhooks, which listen on other ports), and to anything outside the VPC (GitHub, AWS APIs, the workload clusters'
     * public endpoints through the NAT, package registries).
     */
    static List<AppNetworkPolicies.Allow> runnerTraffic(String vpcCidr) {
        var egress = AppNetworkPolicies.Direction.EGRESS;
        return List.of(
                new AppNetworkPolicies.Allow("allow-dns", "name resolution: CoreDNS (kube-dns) in kube-system, UDP and TCP 53", List.of(),
                        egress, List.of(new AppNetworkPolicies.Pods("kube-system", Map.of("k8s-app", "kube-dns"))),
                        List.of(new AppNetworkPolicies.Port("UDP", 53), new AppNetworkPolicies.Port("TCP", 53))),
                new AppNetworkPolicies.Allow("allow-vpc-https", "HTTPS inside the hub's VPC: its API's private endpoint, its interface endpoints",
                        List.of(), egress, List.of(new AppNetworkPolicies.Cidr(vpcCidr, List.of())), List.of(new AppNetworkPolicies.Port("TCP", 443))),
                new AppNetworkPolicies.Allow("allow-outside-vpc", "anything outside the hub's VPC: GitHub, AWS APIs, the workload clusters' "
                        + "endpoints, package registries", List.of(), egress, List.of(new AppNetworkPolicies.Cidr("0.0.0.0/0", List.of(vpcCidr))),
                        List.of()));
    }

    private NetworkPolicy networkPolicy(String prefix, String namespace, String policy, NetworkPolicySpecArgs spec, CustomResourceOptions options) {
        return new NetworkPolicy(prefix + "-netpol-" + policy, NetworkPolicyArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(policy).namespace(namespace).build())
                .spec(spec)
                .build(), options);
    }

    /** A namespace whose pods must meet the restricted Pod Security Standard (every pod here does). */
    private Namespace namespace(String resourceName, String namespace, ClusterComponent cluster) {
        return PodSecurity.restricted(resourceName, namespace, CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes)
                .dependsOn(cluster.readyForWorkloads).build());
    }

    private static List<Resource> with(List<Resource> base, Resource... more) {
        List<Resource> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    /** The controller: one replica (it only reconciles), explicit requests, restricted security context, quiet logs. */
    static Map<String, Object> controllerValues() {
        return PolicyDocuments.ordered(
                "replicaCount", 1,
                "serviceAccount", PolicyDocuments.ordered("create", true, "name", CONTROLLER_SERVICE_ACCOUNT),
                "podSecurityContext", podSecurity(null),
                "securityContext", containerSecurity(),
                "resources", resources("50m", "128Mi", "256Mi"),
                // Recreate listeners and runner sets only once running jobs are done: a `pulumi up` of the hub that
                // changes a scale set is itself running on one.
                "flags", PolicyDocuments.ordered("logLevel", "info", "logFormat", "json", "updateStrategy", "eventual"));
    }

    /**
     * One scale set: registered with the repository through the GitHub App Secret of its namespace, zero runners when
     * idle, at most {@code maxRunners}; the listener (in the controller's namespace) and the runner pods with explicit
     * requests and the restricted security context; runner pods never evicted by the autoscaler mid-job.
     */
    static Map<String, Object> scaleSetValues(String githubConfigUrl, ScaleSet set) {
        var runner = PolicyDocuments.ordered(
                "name", "runner",
                "image", RUNNER_IMAGE,
                "imagePullPolicy", "Always",
                "command", List.of("/home/runner/run.sh"),
                "env", List.of(PolicyDocuments.ordered("name", JobGate.HOOK_VARIABLE, "value", JobGate.DIRECTORY + "/" + JobGate.FILE)),
                "volumeMounts", List.of(PolicyDocuments.ordered("name", JOB_GATE, "mountPath", JobGate.DIRECTORY, "readOnly", true)),
                "resources", resources(set.cpu(), set.memory(), set.memoryLimit()),
                "securityContext", containerSecurity());
        var listener = PolicyDocuments.ordered(
                "name", "listener",
                "resources", resources("20m", "64Mi", "128Mi"),
                "securityContext", containerSecurity());
        return PolicyDocuments.ordered(
                "githubConfigUrl", githubConfigUrl,
                "githubConfigSecret", GITHUB_SECRET,
                "runnerScaleSetName", set.name(),
                "minRunners", 0,
                "maxRunners", set.maxRunners(),
                "controllerServiceAccount", PolicyDocuments.ordered("namespace", CONTROLLER_NAMESPACE, "name", CONTROLLER_SERVICE_ACCOUNT),
                "listenerTemplate", Map.of("spec", PolicyDocuments.ordered(
                        "securityContext", podSecurity(null),
                        "containers", List.of(listener))),
                "template", PolicyDocuments.ordered(
                        "metadata", Map.of("annotations", Map.of("cluster-autoscaler.kubernetes.io/safe-to-evict", "false")),
                        "spec", PolicyDocuments.ordered(
                                "automountServiceAccountToken", false,
                                "securityContext", podSecurity(RUNNER_UID),
                                "containers", List.of(runner),
                                "volumes", List.of(PolicyDocuments.ordered("name", JOB_GATE, "configMap", Map.of("name", JOB_GATE))))));
    }

    /** The GitHub App secret's three JSON keys, copied into {@value #GITHUB_SECRET} (refreshed hourly, owned by ESO). */
    static Map<String, Object> githubAppExternalSecret(String secretArn) {
        return PolicyDocuments.ordered(
                "refreshInterval", "1h",
                "secretStoreRef", PolicyDocuments.ordered("kind", "ClusterSecretStore", "name", ExternalSecrets.STORE),
                "target", PolicyDocuments.ordered("name", GITHUB_SECRET, "creationPolicy", "Owner"),
                "data", GITHUB_APP_KEYS.stream().map(key -> (Object) PolicyDocuments.ordered(
                        "secretKey", key,
                        "remoteRef", PolicyDocuments.ordered("key", secretArn, "property", key))).toList());
    }

    private static Map<String, Object> podSecurity(Integer runAsUser) {
        var context = new LinkedHashMap<String, Object>();
        context.put("runAsNonRoot", true);
        if (runAsUser != null) {
            context.put("runAsUser", runAsUser);
        }
        context.put("seccompProfile", Map.of("type", "RuntimeDefault"));
        return context;
    }

    private static Map<String, Object> containerSecurity() {
        return PolicyDocuments.ordered(
                "allowPrivilegeEscalation", false,
                "capabilities", Map.of("drop", List.of("ALL")));
    }

    private static Map<String, Object> resources(String cpu, String memory, String memoryLimit) {
        return PolicyDocuments.ordered(
                "requests", PolicyDocuments.ordered("cpu", cpu, "memory", memory),
                "limits", Map.of("memory", memoryLimit));
    }
}
