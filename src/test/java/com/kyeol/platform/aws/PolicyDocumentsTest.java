package com.kyeol.platform.aws;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PolicyDocumentsTest {

    @Test
    void unorderedMapsAreWrittenWithSortedKeysAtEveryDepth() {
        // Map.of iterates in an order that changes from one JVM to the next; the JSON must not.
        assertEquals("{\"a\":2,\"b\":1,\"c\":[{\"y\":2,\"z\":1}]}",
                PolicyDocuments.json(Map.of("b", 1, "a", 2, "c", List.of(Map.of("z", 1, "y", 2)))));
    }

    @Test
    void insertionOrderedMapsKeepTheirOrder() {
        var statement = new LinkedHashMap<String, Object>();
        statement.put("Effect", "Allow");
        statement.put("Action", List.of("s3:GetObject"));
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"]}]}",
                PolicyDocuments.document(List.of(statement)));
    }

    @Test
    void podIdentityTrustNamesTheDocumentedSessionTagsAndNoSourceArn() {
        String trust = PolicyDocuments.document(List.of(PolicyDocuments.podIdentityTrust("111122223333",
                "arn:aws:eks:ap-northeast-3:111122223333:cluster/kyeol-dev", "saleor", List.of("saleor-api", "saleor-worker"))));
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"pods.eks.amazonaws.com\"},"
                + "\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"111122223333\","
                + "\"aws:RequestTag/eks-cluster-arn\":\"arn:aws:eks:ap-northeast-3:111122223333:cluster/kyeol-dev\","
                + "\"aws:RequestTag/kubernetes-namespace\":\"saleor\","
                + "\"aws:RequestTag/kubernetes-service-account\":[\"saleor-api\",\"saleor-worker\"]}},"
                + "\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}]}", trust);
    }

    @Test
    void aPodIdentityRoleWithoutServiceAccountsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PolicyDocuments.podIdentityTrust("111122223333",
                "arn:aws:eks:ap-northeast-3:111122223333:cluster/kyeol-dev", "saleor", List.of()));
    }
}
