package com.kyeol.platform.cost;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which Kubernetes minor versions are in EKS standard support, and until when: the EKS control plane costs the
 * standard rate until then and the extended rate for the following 12 months (if the cluster's upgrade policy
 * allows extended support; with {@code supportType: STANDARD} EKS upgrades the cluster instead).
 *
 * <p>Dates from endoflife.date/amazon-eks (read 2026-12-01; it tracks the EKS user guide's "Kubernetes version
 * lifecycle" page, https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html: 14 months of standard
 * support after the EKS release, then 12 months of extended support). Add a row with every new version the
 * platform accepts ({@code cluster/KubernetesVersions}); a test insists.
 */
public final class KubernetesSupport {

    /** Release on EKS, end of standard support, end of extended support. */
    public record Window(LocalDate released, LocalDate endOfStandard, LocalDate endOfExtended) {

        public boolean standardOn(LocalDate date) {
            return !date.isAfter(endOfStandard);
        }
    }

    private static final Map<String, Window> WINDOWS = new TreeMap<>(Map.of(
            "1.29", window("2024-01-23", "2025-03-23", "2026-03-23"),
            "1.30", window("2024-05-23", "2025-07-23", "2026-07-23"),
            "1.31", window("2024-09-26", "2025-11-26", "2026-11-26"),
            "1.32", window("2025-01-25", "2026-03-23", "2027-03-23"),
            "1.33", window("2025-05-28", "2026-07-29", "2027-07-29"),
            "1.34", window("2025-10-06", "2026-12-02", "2027-12-02"),
            "1.35", window("2026-01-28", "2027-03-27", "2028-03-27")));

    private KubernetesSupport() {
    }

    private static Window window(String released, String endOfStandard, String endOfExtended) {
        return new Window(LocalDate.parse(released), LocalDate.parse(endOfStandard), LocalDate.parse(endOfExtended));
    }

    public static Optional<Window> of(String version) {
        return Optional.ofNullable(WINDOWS.get(version));
    }

    public static Map<String, Window> all() {
        return Map.copyOf(WINDOWS);
    }
}
