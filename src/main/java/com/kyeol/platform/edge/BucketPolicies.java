package com.kyeol.platform.edge;


import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** S3 bucket policy documents as JSON, built from ordered maps. */
final class BucketPolicies {

    private BucketPolicies() {
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
}
