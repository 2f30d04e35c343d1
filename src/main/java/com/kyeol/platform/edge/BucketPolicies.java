package com.kyeol.platform.edge;

import com.google.gson.GsonBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** S3 bucket policy documents as JSON, built from ordered maps. */
final class BucketPolicies {

    private BucketPolicies() {
    }

    static String document(List<Map<String, Object>> statements) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", statements);
        return new GsonBuilder().disableHtmlEscaping().create().toJson(doc);
    }

    /** Allows an AWS service principal {@code actions} on {@code resources}, under {@code condition}. */
    static Map<String, Object> allowService(String sid, String service, List<String> actions, List<String> resources,
                                            Map<String, Object> condition) {
        var statement = new LinkedHashMap<String, Object>();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("Service", service));
        statement.put("Action", actions);
        statement.put("Resource", resources);
        statement.put("Condition", condition);
        return statement;
    }

    /** A map that keeps the order its pairs are given in (policy JSON must not change between runs). */
    static Map<String, Object> ordered(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Refuses every request to the bucket that does not come over TLS. */
    static Map<String, Object> denyInsecureTransport(String bucketArn) {
        var statement = new LinkedHashMap<String, Object>();
        statement.put("Sid", "DenyInsecureTransport");
        statement.put("Effect", "Deny");
        statement.put("Principal", "*");
        statement.put("Action", "s3:*");
        statement.put("Resource", List.of(bucketArn, bucketArn + "/*"));
        statement.put("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        return statement;
    }
}
