package com.kyeol.platform.plan;

import com.google.protobuf.Struct;
import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.Log;
import pulumirpc.Resource.ReadResourceRequest;
import pulumirpc.Resource.ReadResourceResponse;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The mocked engine's monitor, extended to remember every registration with everything the real engine
 * would see (parent, provider, dependencies, protect, inputs). It also keeps secrets secret: the SDK's
 * mock hands a secret input back as a plain output, where the real engine keeps it secret, so this
 * monitor marks such outputs (and {@code additionalSecretOutputs}) secret again.
 */
final class RecordingMonitor extends MockMonitor {

    private final ConcurrentLinkedQueue<PlannedResource> recorded = new ConcurrentLinkedQueue<>();

    RecordingMonitor(Mocks mocks, Log log) {
        super(mocks, log);
    }

    /** Every resource registered or read so far, ordered by URN. */
    List<PlannedResource> resources() {
        List<PlannedResource> list = new ArrayList<>(recorded);
        list.sort(Comparator.comparing(PlannedResource::urn));
        return list;
    }

    @Override
    public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource, RegisterResourceRequest request) {
        return super.registerResourceAsync(resource, request).thenApply(response -> {
            recorded.add(new PlannedResource(response.getUrn(), request.getType(), request.getName(), request.getParent(),
                    request.getProvider(), sorted(request.getDependenciesList()), request.getProtect(),
                    request.getCustom(), StructJson.toMap(request.getObject())));
            return keepSecretsSecret(request, response);
        });
    }

    @Override
    public CompletableFuture<ReadResourceResponse> readResourceAsync(Resource resource, ReadResourceRequest request) {
        return super.readResourceAsync(resource, request).thenApply(response -> {
            recorded.add(new PlannedResource(response.getUrn(), request.getType(), request.getName(), request.getParent(),
                    request.getProvider(), sorted(request.getDependenciesList()), false, true,
                    StructJson.toMap(request.getProperties())));
            return response;
        });
    }

    private static List<String> sorted(List<String> urns) {
        return urns.stream().distinct().sorted().toList();
    }

    private static RegisterResourceResponse keepSecretsSecret(RegisterResourceRequest request, RegisterResourceResponse response) {
        Set<String> secret = new HashSet<>(request.getAdditionalSecretOutputsList());
        request.getObject().getFieldsMap().forEach((k, v) -> {
            if (StructJson.containsSecret(v)) {
                secret.add(k);
            }
        });
        if (secret.isEmpty()) {
            return response;
        }
        var object = Struct.newBuilder(response.getObject());
        response.getObject().getFieldsMap().forEach((k, v) -> {
            if (secret.contains(k) && !StructJson.containsSecret(v)) {
                object.putFields(k, StructJson.secret(v));
            }
        });
        return response.toBuilder().setObject(object).build();
    }
}
