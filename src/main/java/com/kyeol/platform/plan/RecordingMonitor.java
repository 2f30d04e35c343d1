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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The mocked engine's monitor, extended to remember every registration with everything the real engine
 * would see (parent, provider, dependencies, property dependencies, protect, inputs) and the state it answered
 * (outputs). It also keeps secrets secret: the SDK's
 * mock hands a secret input back as a plain output, where the real engine keeps it secret, so this
 * monitor marks such outputs (and {@code additionalSecretOutputs}) secret again.
 */
final class RecordingMonitor extends MockMonitor {

    private static final String STACK_REFERENCE = "pulumi:pulumi:StackReference";

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
            RegisterResourceResponse kept = keepSecretsSecret(request, response);
            recorded.add(new PlannedResource(response.getUrn(), request.getType(), request.getName(), request.getParent(),
                    request.getProvider(), sorted(request.getDependenciesList()), request.getProtect(),
                    request.getCustom(), StructJson.toMap(request.getObject()), propertyDependencies(request),
                    outputs(request.getType(), kept.getId(), kept.getObject())));
            return kept;
        });
    }

    @Override
    public CompletableFuture<ReadResourceResponse> readResourceAsync(Resource resource, ReadResourceRequest request) {
        return super.readResourceAsync(resource, request).thenApply(response -> {
            recorded.add(new PlannedResource(response.getUrn(), request.getType(), request.getName(), request.getParent(),
                    request.getProvider(), sorted(request.getDependenciesList()), false, true,
                    StructJson.toMap(request.getProperties()), Map.of(), outputs(request.getType(), request.getId(), response.getProperties())));
            return response;
        });
    }

    private static List<String> sorted(List<String> urns) {
        return urns.stream().distinct().sorted().toList();
    }

    /** Which URNs fed which input: what the real engine passes to policies as {@code propertyDependencies}. */
    private static Map<String, List<String>> propertyDependencies(RegisterResourceRequest request) {
        Map<String, List<String>> out = new TreeMap<>();
        request.getPropertyDependenciesMap().forEach((property, urns) -> {
            List<String> list = sorted(urns.getUrnsList());
            if (!list.isEmpty()) {
                out.put(property, list);
            }
        });
        return out;
    }

    /**
     * The state the engine returned (with its id), secrets masked like inputs. A stack reference's {@code outputs} are the
     * referenced stack's outputs; the ones it declares secret ({@code secretOutputNames}) are masked too, as the
     * real engine keeps them secret.
     */
    private static Map<String, Object> outputs(String type, String id, Struct state) {
        Map<String, Object> out = StructJson.toMap(state);
        if (id != null && !id.isEmpty()) {
            out.putIfAbsent("id", id); // the engine's id is part of the state policies see
        }
        if (STACK_REFERENCE.equals(type) && out.get("outputs") instanceof Map<?, ?> referenced
                && out.get("secretOutputNames") instanceof List<?> secretNames) {
            Map<String, Object> masked = new TreeMap<>();
            referenced.forEach((k, v) -> masked.put(String.valueOf(k), secretNames.contains(k) ? StructJson.SECRET : v));
            out.put("outputs", masked);
        }
        return out;
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
