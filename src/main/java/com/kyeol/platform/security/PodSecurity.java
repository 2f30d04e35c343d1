package com.kyeol.platform.security;

import com.pulumi.kubernetes.core.v1.Namespace;
import com.pulumi.kubernetes.core.v1.NamespaceArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.CustomResourceOptions;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pod Security Admission on every namespace the platform creates (Kubernetes "Pod Security Admission" and "Pod Security
 * Standards", https://kubernetes.io/docs/concepts/security/pod-security-admission/): {@code enforce} at the strictest
 * level the namespace's workloads can run at, {@code warn} and {@code audit} always at {@code restricted}, so anything
 * that would not pass {@code restricted} shows up in {@code kubectl} warnings and the audit log even where it is allowed.
 * A namespace enforced below {@code restricted} must say why (annotation {@link #REASON}).
 *
 * <p>Never let Helm create a namespace ({@code createNamespace: true}): it would carry no labels, and nothing would be
 * enforced there. Create it with {@link #restricted} (or {@link #below}) and install the release into it.
 */
public final class PodSecurity {

    public static final String ENFORCE = "pod-security.kubernetes.io/enforce";
    public static final String WARN = "pod-security.kubernetes.io/warn";
    public static final String AUDIT = "pod-security.kubernetes.io/audit";
    /** Why a namespace is enforced below restricted (which workload needs what). */
    public static final String REASON = "kyeol.io/pod-security-reason";

    /** The three Pod Security Standards profiles, from most to least restrictive. */
    public enum Level {
        RESTRICTED("restricted"), BASELINE("baseline"), PRIVILEGED("privileged");

        private final String label;

        Level(String label) {
            this.label = label;
        }

        /** The value of the {@code pod-security.kubernetes.io/*} labels. */
        public String label() {
            return label;
        }

        public static Optional<Level> fromLabel(String value) {
            return Arrays.stream(values()).filter(l -> l.label.equals(value)).findFirst();
        }
    }

    private PodSecurity() {
    }

    /** The labels of a namespace enforced at {@code enforce}, warned and audited at restricted. */
    public static Map<String, String> labels(Level enforce) {
        var labels = new LinkedHashMap<String, String>();
        labels.put(ENFORCE, enforce.label());
        labels.put(WARN, Level.RESTRICTED.label());
        labels.put(AUDIT, Level.RESTRICTED.label());
        return labels;
    }

    /** A namespace whose pods must all meet the restricted profile. */
    public static Namespace restricted(String resourceName, String namespace, CustomResourceOptions options) {
        return new Namespace(resourceName, NamespaceArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(namespace).labels(labels(Level.RESTRICTED)).build())
                .build(), options);
    }

    /**
     * A namespace enforced below restricted, because a workload there cannot run at restricted; {@code reason} names it
     * and what it needs (for example "actions runners: docker-in-docker needs privileged containers").
     */
    public static Namespace below(String resourceName, String namespace, Level enforce, String reason, CustomResourceOptions options) {
        if (enforce == Level.RESTRICTED || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("namespace " + namespace + ": a level below restricted with the reason why, "
                    + "or PodSecurity.restricted");
        }
        return new Namespace(resourceName, NamespaceArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(namespace).labels(labels(enforce))
                        .annotations(Map.of(REASON, reason)).build())
                .build(), options);
    }
}
