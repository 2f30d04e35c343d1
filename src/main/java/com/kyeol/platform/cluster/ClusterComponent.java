package com.kyeol.platform.cluster;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.PodIdentity;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.aws.Roles;
import com.kyeol.platform.config.Cidr;
import com.kyeol.platform.config.ClusterSettings;
import com.kyeol.platform.config.NodeGroupSettings;
import com.kyeol.platform.k8s.PodResources;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ec2.LaunchTemplate;
import com.pulumi.aws.ec2.LaunchTemplateArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateBlockDeviceMappingArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateBlockDeviceMappingEbsArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateMetadataOptionsArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateTagSpecificationArgs;
import com.pulumi.aws.eks.Addon;
import com.pulumi.aws.eks.AddonArgs;
import com.pulumi.aws.eks.Cluster;
import com.pulumi.aws.eks.ClusterArgs;
import com.pulumi.aws.eks.NodeGroup;
import com.pulumi.aws.eks.NodeGroupArgs;
import com.pulumi.aws.eks.inputs.AddonPodIdentityAssociationArgs;
import com.pulumi.aws.eks.inputs.ClusterAccessConfigArgs;
import com.pulumi.aws.eks.inputs.ClusterEncryptionConfigArgs;
import com.pulumi.aws.eks.inputs.ClusterEncryptionConfigProviderArgs;
import com.pulumi.aws.eks.inputs.ClusterUpgradePolicyArgs;
import com.pulumi.aws.eks.inputs.ClusterVpcConfigArgs;
import com.pulumi.aws.eks.inputs.NodeGroupLaunchTemplateArgs;
import com.pulumi.aws.eks.inputs.NodeGroupScalingConfigArgs;
import com.pulumi.aws.eks.inputs.NodeGroupUpdateConfigArgs;
import com.pulumi.aws.eks.outputs.ClusterCertificateAuthority;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The EKS cluster of one stack and everything that makes it usable in the same {@code pulumi up}: API
 * authentication with explicit access entries only (no aws-auth ConfigMap, and the creator is not made admin behind
 * the plan's back: the stack file's admins and the CI identities are), KMS envelope encryption of secrets, all
 * five control-plane log types, a private endpoint plus a public one restricted to configured CIDRs, a
 * managed node group on an IMDSv2-only launch template, the pinned EKS managed add-ons, and the explicit
 * Kubernetes provider every in-cluster resource must use.
 */
public final class ClusterComponent extends ComponentResource {

    /** The five control-plane log types. */
    public static final List<String> LOG_TYPES = List.of("api", "audit", "authenticator", "controllerManager", "scheduler");
    static final String AL2023 = "AL2023_x86_64_STANDARD";
    /**
     * Explicit requests for the managed add-ons whose configuration schema takes {@code resources} (CoreDNS also its
     * replica count; AWS's "Amazon EKS add-ons: advanced configuration" names CoreDNS resources and kube-proxy memory
     * among the supported settings). vpc-cni (aws-node: 25m CPU), the Pod Identity agent and the EBS CSI driver
     * (10m/40Mi per container) keep their add-on defaults: their schemas are not confirmed for these keys, and EKS
     * refuses a configuration its schema does not have at create time.
     */
    static final String COREDNS_CONFIGURATION = PolicyDocuments.json(PolicyDocuments.ordered(
            "replicaCount", 2, "resources", PodResources.of("100m", "70Mi", "170Mi")));
    /**
     * vpc-cni: network policy support on (its schema's {@code enableNetworkPolicy}, a string): the network policy agent
     * in aws-node then enforces NetworkPolicy objects (the app namespace's default deny), which are otherwise accepted
     * and ignored.
     */
    static final String VPC_CNI_CONFIGURATION = PolicyDocuments.json(Map.of("enableNetworkPolicy", "true"));
    static final String KUBE_PROXY_CONFIGURATION = PolicyDocuments.json(PolicyDocuments.ordered(
            "resources", PodResources.of("100m", "64Mi", "256Mi")));
    /** Where the EBS CSI add-on runs its controller, under this service account (the add-on's defaults). */
    static final String EBS_CSI_NAMESPACE = "kube-system";
    static final String EBS_CSI_SERVICE_ACCOUNT = "ebs-csi-controller-sa";

    @Export(name = "clusterName")
    public final Output<String> clusterName;
    @Export(name = "clusterArn")
    public final Output<String> clusterArn;
    @Export(name = "endpoint")
    public final Output<String> endpoint;
    @Export(name = "certificateAuthorityData")
    public final Output<String> certificateAuthorityData;
    /** The one security group EKS creates and tags for the cluster; nodes and pods use it. */
    @Export(name = "clusterSecurityGroupId")
    public final Output<String> clusterSecurityGroupId;
    @Export(name = "nodeRoleArn")
    public final Output<String> nodeRoleArn;

    /** The Kubernetes provider of this cluster: pass it to every in-cluster resource. */
    public final Provider kubernetes;
    /**
     * What an in-cluster workload waits for: nodes to run on, DNS, Pod Identity credentials and the storage driver
     * (the managed add-ons that run pods once there are nodes).
     */
    public final List<Resource> readyForWorkloads;
    /** This cluster as Pod Identity roles see it: what their trust names and where their associations go. */
    public final PodIdentity.Cluster podIdentity;

    private final String name;
    private final AwsTarget aws;

    /**
     * @param protectKey        protect the secrets key from deletion (staging and production): losing it makes every
     *                          Kubernetes secret of the cluster unreadable
     * @param extraPublicAccess CIDRs allowed on the public endpoint besides the configured ones (the hub's NAT address)
     * @param accessNamespaces  the namespaces the configured deployers and viewers may use (the platform's workload
     *                          namespaces on this cluster)
     * @param ci                the CI identities: deploy (cluster admin) and preview (read everything)
     */
    public ClusterComponent(String name, ClusterSettings settings, Output<List<String>> privateSubnetIds, boolean protectKey,
                            Output<List<String>> extraPublicAccess, List<String> accessNamespaces, ClusterAccess.Ci ci, AwsTarget aws,
                            ComponentResourceOptions options) {
        super("kyeol:cluster:Cluster", name, options);
        this.name = name;
        this.aws = aws;
        var versions = KubernetesVersions.of(settings.version()).orElseThrow(
                () -> new IllegalArgumentException("no add-on versions for Kubernetes " + settings.version()));

        var secretsKey = new Key(name + "-eks-secrets", KeyArgs.builder()
                .description("Envelope encryption of Kubernetes secrets in " + settings.name())
                .enableKeyRotation(true)
                .deletionWindowInDays(30)
                .build(), CustomResourceOptions.builder().parent(this).provider(aws.provider()).protect(protectKey).build());
        // Created before the cluster so that EKS writes into a log group with our retention.
        var logGroup = new LogGroup(name + "-eks-control-plane", LogGroupArgs.builder()
                .name("/aws/eks/" + settings.name() + "/cluster")
                .retentionInDays(settings.logRetentionDays())
                .build(), child());
        var clusterRole = Roles.withManagedPolicies(name + "-eks-cluster-role", "EKS control plane of " + settings.name(),
                Output.of(PolicyDocuments.document(List.of(
                        PolicyDocuments.serviceTrust("eks.amazonaws.com", List.of("sts:AssumeRole", "sts:TagSession"))))),
                List.of("AmazonEKSClusterPolicy"), aws, this);

        Output<List<String>> publicAccess = extraPublicAccess.applyValue(extra -> {
            List<String> cidrs = new ArrayList<>(settings.publicAccessCidrs().stream().map(Cidr::toString).toList());
            extra.stream().filter(c -> !cidrs.contains(c)).forEach(cidrs::add);
            return List.copyOf(cidrs);
        });
        List<Resource> clusterDependencies = new ArrayList<>(clusterRole.attachments());
        clusterDependencies.add(logGroup);
        var cluster = new Cluster(name + "-eks", ClusterArgs.builder()
                .name(settings.name())
                .version(settings.version())
                .roleArn(clusterRole.arn())
                .vpcConfig(ClusterVpcConfigArgs.builder()
                        .subnetIds(privateSubnetIds)
                        .endpointPrivateAccess(true)
                        .endpointPublicAccess(publicAccess.applyValue(cidrs -> !cidrs.isEmpty()))
                        .publicAccessCidrs(publicAccess)
                        .build())
                .accessConfig(ClusterAccessConfigArgs.builder()
                        .authenticationMode("API")
                        // Who may use the cluster is the explicit entries below. A creator entry would be invisible in
                        // the plan and would collide with the deploy identity's own entry (ResourceInUseException)
                        // whenever CI creates a cluster.
                        .bootstrapClusterCreatorAdminPermissions(false)
                        .build())
                .encryptionConfig(ClusterEncryptionConfigArgs.builder()
                        .resources("secrets")
                        .provider(ClusterEncryptionConfigProviderArgs.builder().keyArn(secretsKey.arn()).build())
                        .build())
                .enabledClusterLogTypes(LOG_TYPES)
                .upgradePolicy(ClusterUpgradePolicyArgs.builder().supportType("STANDARD").build())
                // Managed add-ons below replace the self-managed vpc-cni, coredns and kube-proxy.
                .bootstrapSelfManagedAddons(false)
                .build(), CustomResourceOptions.builder().parent(this).provider(aws.provider())
                .dependsOn(clusterDependencies).build());
        this.clusterName = cluster.name();
        this.clusterArn = cluster.arn();

        // Whoever talks to the cluster in this graph is one of these: the Kubernetes provider waits for all of them.
        List<Resource> access = new ArrayList<>();
        for (int i = 0; i < settings.adminPrincipalArns().size(); i++) {
            access.add(ClusterAccess.admin(name + "-admin-" + i, cluster.name(), Output.of(settings.adminPrincipalArns().get(i)), aws, this));
        }
        for (int i = 0; i < settings.deployerPrincipalArns().size(); i++) {
            ClusterAccess.edit(name + "-deployer-" + i, cluster.name(), Output.of(settings.deployerPrincipalArns().get(i)),
                    accessNamespaces, aws, this);
        }
        for (int i = 0; i < settings.viewerPrincipalArns().size(); i++) {
            ClusterAccess.view(name + "-viewer-" + i, cluster.name(), Output.of(settings.viewerPrincipalArns().get(i)),
                    accessNamespaces, aws, this);
        }
        access.add(ClusterAccess.admin(name + "-ci-deploy-access", cluster.name(), ci.deployRoleArn(), aws, this));
        access.add(ClusterAccess.viewAll(name + "-ci-preview-access", cluster.name(), ci.previewRoleArn(), aws, this));

        // Before nodes: networking, kube-proxy and the Pod Identity agent are daemonsets nodes need to become Ready.
        var vpcCni = addon(cluster, "vpc-cni", versions.vpcCni(), List.of(), null, VPC_CNI_CONFIGURATION);
        var kubeProxy = addon(cluster, "kube-proxy", versions.kubeProxy(), List.of(), null, KUBE_PROXY_CONFIGURATION);
        var podIdentityAgent = addon(cluster, "eks-pod-identity-agent", versions.podIdentityAgent(), List.of(), null, null);

        var nodeRole = Roles.withManagedPolicies(name + "-eks-node-role", "Worker nodes of " + settings.name(),
                Output.of(PolicyDocuments.document(List.of(
                        PolicyDocuments.serviceTrust("ec2.amazonaws.com", List.of("sts:AssumeRole"))))),
                List.of("AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKS_CNI_Policy",
                        "AmazonSSMManagedInstanceCore"), aws, this);
        List<Resource> nodeDependencies = new ArrayList<>(nodeRole.attachments());
        nodeDependencies.addAll(List.of(vpcCni, kubeProxy, podIdentityAgent));
        var nodeGroup = nodeGroup(settings, cluster, nodeRole.arn(), privateSubnetIds, nodeDependencies);

        // After nodes: deployments that must schedule to become healthy.
        var coreDns = addon(cluster, "coredns", versions.coreDns(), List.of(nodeGroup), null, COREDNS_CONFIGURATION);
        this.podIdentity = new PodIdentity.Cluster(cluster.name(), cluster.arn(), aws.accountId());
        // The add-on associates the role itself (in kube-system); the trust admits exactly that service account.
        var ebsCsiRole = Roles.withManagedPolicies(name + "-ebs-csi-role", "EBS CSI controller of " + settings.name(),
                podIdentity.trust(EBS_CSI_NAMESPACE, List.of(EBS_CSI_SERVICE_ACCOUNT)),
                List.of("service-role/AmazonEBSCSIDriverPolicy"), aws, this);
        List<Resource> ebsDependencies = new ArrayList<>(ebsCsiRole.attachments());
        ebsDependencies.add(nodeGroup);
        ebsDependencies.add(podIdentityAgent);
        var ebsCsi = addon(cluster, "aws-ebs-csi-driver", versions.ebsCsiDriver(), ebsDependencies,
                AddonPodIdentityAssociationArgs.builder().serviceAccount(EBS_CSI_SERVICE_ACCOUNT).roleArn(ebsCsiRole.arn()).build(), null);

        this.endpoint = cluster.endpoint();
        this.certificateAuthorityData = cluster.certificateAuthority().applyValue(ca -> ca.data().orElse(""));
        this.clusterSecurityGroupId = cluster.vpcConfig().applyValue(v -> v.clusterSecurityGroupId().orElse(""));
        this.nodeRoleArn = nodeRole.arn();
        this.kubernetes = new Provider(name + "-k8s", ProviderArgs.builder()
                .kubeconfig(Kubeconfig.forCluster(cluster.name(), cluster.endpoint(),
                        cluster.certificateAuthority().applyValue(ClusterCertificateAuthority::data)
                                .applyValue(data -> data.orElse("")), aws.region()))
                .enableServerSideApply(true)
                .deleteUnreachable(false)
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(access).build());
        // The add-ons that run pods after the nodes are up come first too: every workload is ordered against them.
        this.readyForWorkloads = List.of(nodeGroup, coreDns, podIdentityAgent, ebsCsi);
        registerOutputs(Map.of(
                "clusterName", clusterName,
                "clusterArn", clusterArn,
                "endpoint", endpoint,
                "clusterSecurityGroupId", clusterSecurityGroupId,
                "nodeRoleArn", nodeRoleArn));
    }

    private CustomResourceOptions child() {
        return aws.child(this);
    }

    /** @param configurationValues the add-on's configuration (JSON, keys of its schema), or null for its defaults */
    private Addon addon(Cluster cluster, String addonName, String version, List<Resource> dependsOn,
                        AddonPodIdentityAssociationArgs association, String configurationValues) {
        var args = AddonArgs.builder()
                .clusterName(cluster.name())
                .addonName(addonName)
                .addonVersion(version)
                .resolveConflictsOnCreate("OVERWRITE")
                .resolveConflictsOnUpdate("OVERWRITE");
        if (association != null) {
            args.podIdentityAssociations(association);
        }
        if (configurationValues != null) {
            args.configurationValues(configurationValues);
        }
        return new Addon(name + "-" + addonName, args.build(), CustomResourceOptions.builder().parent(this)
                .provider(aws.provider()).dependsOn(dependsOn).build());
    }

    private NodeGroup nodeGroup(ClusterSettings settings, Cluster cluster, Output<String> nodeRoleArn,
                                Output<List<String>> subnets, List<Resource> dependsOn) {
        NodeGroupSettings sizes = settings.nodeGroup();
        var launchTemplate = new LaunchTemplate(name + "-nodes-lt", LaunchTemplateArgs.builder()
                .description("Nodes of " + settings.name() + ": IMDSv2 only, encrypted gp3 root volume")
                .metadataOptions(LaunchTemplateMetadataOptionsArgs.builder()
                        .httpEndpoint("enabled")
                        .httpTokens("required")
                        // Pods get AWS credentials from Pod Identity, never from the node's metadata.
                        .httpPutResponseHopLimit(1)
                        .build())
                .blockDeviceMappings(LaunchTemplateBlockDeviceMappingArgs.builder()
                        .deviceName("/dev/xvda")
                        .ebs(LaunchTemplateBlockDeviceMappingEbsArgs.builder()
                                .volumeSize(sizes.diskSizeGiB())
                                .volumeType("gp3")
                                .encrypted("true")
                                .deleteOnTermination("true")
                                .build())
                        .build())
                .tagSpecifications(LaunchTemplateTagSpecificationArgs.builder()
                        .resourceType("instance")
                        .tags(Map.of("Name", settings.name() + "-node"))
                        .build())
                .updateDefaultVersion(true)
                .build(), child());
        return new NodeGroup(name + "-nodes", NodeGroupArgs.builder()
                .clusterName(cluster.name())
                .nodeRoleArn(nodeRoleArn)
                .subnetIds(subnets)
                .amiType(AL2023)
                .capacityType("ON_DEMAND")
                .instanceTypes(sizes.instanceType())
                .scalingConfig(NodeGroupScalingConfigArgs.builder()
                        .desiredSize(sizes.desiredSize())
                        .minSize(sizes.minSize())
                        .maxSize(sizes.maxSize())
                        .build())
                .updateConfig(NodeGroupUpdateConfigArgs.builder().maxUnavailable(1).build())
                .launchTemplate(NodeGroupLaunchTemplateArgs.builder()
                        .id(launchTemplate.id())
                        .version(launchTemplate.latestVersion().applyValue(String::valueOf))
                        .build())
                .labels(Map.of("kyeol.io/environment", name, "kyeol.io/node-group", "general"))
                .tags(Map.of(
                        "k8s.io/cluster-autoscaler/enabled", "true",
                        "k8s.io/cluster-autoscaler/" + settings.name(), "owned"))
                .build(), CustomResourceOptions.builder().parent(this).provider(aws.provider())
                .dependsOn(dependsOn)
                // cluster-autoscaler owns the current size; Pulumi owns min and max. Size changes update in place.
                .ignoreChanges("scalingConfig.desiredSize")
                .build());
    }
}
