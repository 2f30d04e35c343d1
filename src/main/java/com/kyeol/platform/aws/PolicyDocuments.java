package com.kyeol.platform.aws;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** IAM policy documents as JSON, built from plain maps so that keys keep their order. */
public final class PolicyDocuments {

    private PolicyDocuments() {
    }

    /** A map that keeps the order its pairs are given in (JSON and Helm values must not change between runs). */
    public static Map<String, Object> ordered(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    /**
     * Any value as compact JSON that is the same in every run: insertion-ordered and sorted maps keep their
     * order; other maps ({@code Map.of}, whose order changes from one JVM to the next) are written with sorted
     * keys. A JSON string whose key order moved would show as a change in every {@code pulumi up}.
     */
    public static String json(Object value) {
        return GSON.toJson(stable(value));
    }

    public static String document(List<Map<String, Object>> statements) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", statements);
        return json(doc);
    }

    private static Object stable(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = map instanceof LinkedHashMap || map instanceof SortedMap ? new LinkedHashMap<>() : new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), stable(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PolicyDocuments::stable).toList();
        }
        return value;
    }

    /** An Allow statement; {@code extra} adds Principal, Condition and the like. */
    public static Map<String, Object> allow(List<String> actions, Object resource, Map<String, Object> extra) {
        var statement = new LinkedHashMap<String, Object>();
        statement.put("Effect", "Allow");
        statement.putAll(extra);
        statement.put("Action", actions);
        if (resource != null) {
            statement.put("Resource", resource);
        }
        return statement;
    }

    /** Refuses every request to an S3 bucket that does not come over TLS. */
    public static Map<String, Object> denyInsecureTransport(String bucketArn) {
        var statement = new LinkedHashMap<String, Object>();
        statement.put("Sid", "DenyInsecureTransport");
        statement.put("Effect", "Deny");
        statement.put("Principal", "*");
        statement.put("Action", "s3:*");
        statement.put("Resource", List.of(bucketArn, bucketArn + "/*"));
        statement.put("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        return statement;
    }

    /** A role trust statement for an AWS service principal, without conditions (EC2 and EKS roles). */
    public static Map<String, Object> serviceTrust(String service, List<String> actions) {
        return allow(actions, null, Map.of("Principal", Map.of("Service", service)));
    }

    /**
     * EKS Pod Identity trust, as the EKS user guide documents it ("Create IAM role with trust policy required by EKS
     * Pod Identity"): the Pod Identity service may {@code sts:AssumeRole} and {@code sts:TagSession}, only for this
     * account ({@code aws:SourceAccount}) and only with the session tags EKS adds for this cluster, this namespace and
     * these service accounts ({@code aws:RequestTag/eks-cluster-arn}, {@code kubernetes-namespace},
     * {@code kubernetes-service-account}). {@code aws:SourceArn} is not documented for this principal.
     */
    public static Map<String, Object> podIdentityTrust(String accountId, String clusterArn, String namespace,
                                                       List<String> serviceAccounts) {
        if (serviceAccounts.isEmpty()) {
            throw new IllegalArgumentException("a Pod Identity role trusts at least one service account");
        }
        var equals = new LinkedHashMap<String, Object>();
        equals.put("aws:SourceAccount", accountId);
        equals.put("aws:RequestTag/eks-cluster-arn", clusterArn);
        equals.put("aws:RequestTag/kubernetes-namespace", namespace);
        equals.put("aws:RequestTag/kubernetes-service-account", List.copyOf(serviceAccounts));
        var extra = new LinkedHashMap<String, Object>();
        extra.put("Principal", Map.of("Service", "pods.eks.amazonaws.com"));
        extra.put("Condition", Map.of("StringEquals", equals));
        return allow(List.of("sts:AssumeRole", "sts:TagSession"), null, extra);
    }

    /** A role trust statement for an AWS service, scoped to this account (and optionally a source ARN pattern). */
    public static Map<String, Object> serviceTrust(String service, String accountId, String sourceArnPattern) {
        var condition = new LinkedHashMap<String, Object>();
        condition.put("StringEquals", Map.of("aws:SourceAccount", accountId));
        if (sourceArnPattern != null) {
            condition.put("ArnLike", Map.of("aws:SourceArn", sourceArnPattern));
        }
        var extra = new LinkedHashMap<String, Object>();
        extra.put("Principal", Map.of("Service", service));
        extra.put("Condition", condition);
        return allow(List.of("sts:AssumeRole"), null, extra);
    }
}
