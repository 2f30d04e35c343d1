package com.kyeol.platform.addons;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.HostedZone;
import com.kyeol.platform.aws.PodIdentity;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.cluster.ClusterComponent;
import com.kyeol.platform.cluster.KubernetesVersions;
import com.kyeol.platform.config.ClusterSettings;
import com.kyeol.platform.k8s.PodResources;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The in-cluster platform every cluster gets in the same {@code pulumi up} as the cluster: the AWS Load
 * Balancer Controller, ExternalDNS, metrics-server and cluster-autoscaler. Each release runs on the
 * cluster's Kubernetes provider with explicit CPU and memory requests; each AWS-calling add-on gets its own
 * least-privilege role through EKS Pod Identity.
 *
 * <p><b>Order.</b> The load balancer controller goes first (after the nodes, DNS, the Pod Identity agent and its own
 * association): its admission webhooks fail closed ({@code failurePolicy: Fail}), so anything that creates Pods,
 * Services or Ingresses on the cluster while its pods are not ready is refused. Every other release here, and every
 * workload of the other components, waits for {@link #readyForWorkloads}, which includes it.
 */
public final class PlatformAddons extends ComponentResource {

    static final String NAMESPACE = "kube-system";

    @Export(name = "loadBalancerControllerRoleArn")
    public final Output<String> loadBalancerControllerRoleArn;
    /** The releases a workload deploying Ingresses depends on (the ALB controller and ExternalDNS). */
    public final List<Resource> ingressPlatform;
    /**
     * What any release or object that creates Pods or Services on this cluster waits for: the cluster's own
     * readiness and the load balancer controller, whose webhooks must answer before such objects are admitted.
     */
    public final List<Resource> readyForWorkloads;

    private final String name;
    private final AwsTarget aws;
    private final ClusterComponent cluster;

    public PlatformAddons(String name, ClusterSettings settings, Output<String> vpcId, HostedZone zone, ClusterComponent cluster,
                          AwsTarget aws, ComponentResourceOptions options) {
        super("kyeol:addons:PlatformAddons", name, options);
        this.name = name;
        this.aws = aws;
        this.cluster = cluster;
        String clusterName = settings.name();

        // AWS Load Balancer Controller: turns the app's Ingress into the ALB. Its Service mutator only defaults
        // loadBalancerClass on type-LoadBalancer Services, which the platform does not create; off, so that no
        // Service anywhere in the cluster depends on the controller being up (its Ingress and pod webhooks remain).
        var albRole = podIdentityRole("aws-load-balancer-controller", "aws-load-balancer-controller",
                Output.of(LoadBalancerControllerPolicy.document()));
        Map<String, Object> pdb = Map.of("maxUnavailable", 1);
        var alb = release("aws-load-balancer-controller", HelmChart.AWS_LOAD_BALANCER_CONTROLLER, vpcId.applyValue(vpc -> PolicyDocuments.ordered(
                "clusterName", clusterName,
                "region", aws.region(),
                "vpcId", vpc,
                "replicaCount", 2,
                "podDisruptionBudget", pdb,
                "resources", PodResources.of("50m", "128Mi", "256Mi"),
                "enableServiceMutatorWebhook", false,
                "serviceAccount", Map.of("create", true, "name", "aws-load-balancer-controller"))), cluster.readyForWorkloads, albRole);
        List<Resource> afterController = new ArrayList<>(cluster.readyForWorkloads);
        afterController.add(alb);
        this.readyForWorkloads = List.copyOf(afterController);

        // ExternalDNS: keeps origin-<env> records in our zone only, owned by this cluster.
        var dnsRole = podIdentityRole("external-dns", "external-dns", zone.arn().applyValue(arn -> PolicyDocuments.document(List.of(
                PolicyDocuments.allow(List.of("route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets",
                        "route53:ListTagsForResources"), List.of(arn), Map.of()),
                PolicyDocuments.allow(List.of("route53:ListHostedZones"), "*", Map.of())))));
        var externalDns = release("external-dns", HelmChart.EXTERNAL_DNS, Output.of(PolicyDocuments.ordered(
                "provider", Map.of("name", "aws"),
                "domainFilters", List.of(zone.name()),
                "txtOwnerId", clusterName,
                "txtPrefix", "extdns-",
                "registry", "txt",
                "policy", settings.externalDnsPolicy(),
                "sources", List.of("ingress", "service"),
                "env", List.of(Map.of("name", "AWS_DEFAULT_REGION", "value", aws.region())),
                "resources", PodResources.of("25m", "64Mi", "128Mi"),
                "serviceAccount", Map.of("create", true, "name", "external-dns"))), readyForWorkloads, dnsRole);

        // metrics-server: HPA and `kubectl top`; no AWS access.
        release("metrics-server", HelmChart.METRICS_SERVER, Output.of(PolicyDocuments.ordered(
                "replicas", 2,
                "podDisruptionBudget", Map.of("enabled", true, "minAvailable", 1),
                "resources", PodResources.of("50m", "100Mi", "200Mi"))), readyForWorkloads, null);

        // cluster-autoscaler: may resize only the node groups EKS tagged as owned by this cluster.
        var autoscalerRole = podIdentityRole("cluster-autoscaler", "cluster-autoscaler", Output.of(PolicyDocuments.document(List.of(
                PolicyDocuments.allow(List.of("autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
                        "autoscaling:DescribeLaunchConfigurations", "autoscaling:DescribeScalingActivities",
                        "ec2:DescribeImages", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplateVersions",
                        "ec2:GetInstanceTypesFromInstanceRequirements", "eks:DescribeNodegroup"), "*", Map.of()),
                PolicyDocuments.allow(List.of("autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"),
                        "*", Map.of("Condition", Map.of("StringEquals",
                                Map.of("aws:ResourceTag/k8s.io/cluster-autoscaler/" + clusterName, "owned"))))))));
        String autoscalerImage = KubernetesVersions.of(settings.version()).orElseThrow().clusterAutoscalerImageTag();
        release("cluster-autoscaler", HelmChart.CLUSTER_AUTOSCALER, Output.of(PolicyDocuments.ordered(
                "cloudProvider", "aws",
                "awsRegion", aws.region(),
                "autoDiscovery", Map.of("clusterName", clusterName),
                "image", Map.of("tag", autoscalerImage),
                "replicaCount", 1,
                "resources", PodResources.of("50m", "200Mi", "400Mi"),
                "rbac", Map.of("serviceAccount", Map.of("create", true, "name", "cluster-autoscaler")),
                "extraArgs", Map.of("balance-similar-node-groups", true, "expander", "least-waste",
                        "skip-nodes-with-system-pods", false))), readyForWorkloads, autoscalerRole);

        this.loadBalancerControllerRoleArn = albRole.roleArn();
        this.ingressPlatform = List.of(alb, externalDns);
        registerOutputs(Map.of("loadBalancerControllerRoleArn", loadBalancerControllerRoleArn));
    }

    /** A Pod Identity role for one service account in kube-system. */
    private PodIdentity podIdentityRole(String id, String serviceAccount, Output<String> policyDocument) {
        return new PodIdentity(name, name + "-" + id, id + " in " + NAMESPACE + " of the " + name + " cluster (EKS Pod Identity)",
                cluster.podIdentity, NAMESPACE, List.of(serviceAccount), policyDocument, aws, this);
    }

    private Release release(String releaseName, HelmChart chart, Output<Map<String, Object>> values, List<Resource> after,
                            PodIdentity identity) {
        List<Resource> dependsOn = new ArrayList<>(after);
        if (identity != null) {
            dependsOn.addAll(identity.ready());
        }
        return new Release(name + "-" + releaseName, chart.release(releaseName, NAMESPACE, values, 600).build(),
                CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes).dependsOn(dependsOn).build());
    }
}
