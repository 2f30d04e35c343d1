package com.kyeol.platform.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use a cluster besides its creator, from {@code kyeol-platform:cluster}: {@code adminPrincipalArns} (cluster
 * admin), {@code deployerPrincipalArns} (AmazonEKSEditPolicy) and {@code viewerPrincipalArns} (AmazonEKSViewPolicy), the
 * last two scoped to the platform's workload namespace of that cluster. IAM role or user ARNs only, no wildcards (an
 * access entry names one principal), and each principal at most once across the three lists: EKS keeps one access entry
 * per principal and cluster, so a second would fail at {@code pulumi up}.
 */
final class ClusterAccessReader {

    static final String ADMINS = "adminPrincipalArns";
    static final String DEPLOYERS = "deployerPrincipalArns";
    static final String VIEWERS = "viewerPrincipalArns";

    /** The principals of each list, in the order the stack file gives them. */
    record Principals(List<String> admins, List<String> deployers, List<String> viewers) {
    }

    private ClusterAccessReader() {
    }

    static Optional<Principals> read(ConfigSection s, Role role) {
        int before = s.problems().lines().size();
        String expected = "IAM role or user ARNs such as arn:aws:iam::123456789012:role/platform-admin (no wildcards, "
                + "no assumed-role session ARNs)";
        List<String> admins = s.stringList(ADMINS, false, v -> SettingsLoader.PRINCIPAL_ARN.matcher(v).matches(), expected)
                .orElse(List.of());
        List<String> deployers = s.stringList(DEPLOYERS, false, v -> SettingsLoader.PRINCIPAL_ARN.matcher(v).matches(), expected)
                .orElse(List.of());
        List<String> viewers = s.stringList(VIEWERS, false, v -> SettingsLoader.PRINCIPAL_ARN.matcher(v).matches(), expected)
                .orElse(List.of());
        if (role == Role.HUB && !deployers.isEmpty()) {
            s.problems().add(s.key(DEPLOYERS), "is set on the hub",
                    "no deployers on the hub: edit rights in argocd would let them change Applications and so deploy anything "
                            + "to every spoke; deploy through Git (viewers may read argocd)");
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (var list : List.of(Map.entry(ADMINS, admins), Map.entry(DEPLOYERS, deployers), Map.entry(VIEWERS, viewers))) {
            s.rejectRepeats(list.getKey(), list.getValue());
            for (String arn : list.getValue()) {
                String first = seen.putIfAbsent(arn, list.getKey());
                if (first != null && !first.equals(list.getKey())) {
                    s.problems().add(s.key(list.getKey()), arn + " is also in " + first,
                            "each principal in one of adminPrincipalArns, deployerPrincipalArns and viewerPrincipalArns "
                                    + "(EKS keeps one access entry per principal and cluster)");
                }
            }
        }
        return s.problems().lines().size() > before ? Optional.empty() : Optional.of(new Principals(admins, deployers, viewers));
    }
}
