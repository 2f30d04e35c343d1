package com.kyeol.platform.gitops;

import com.pulumi.core.Output;
import com.pulumi.resources.StackReference;
import com.pulumi.resources.StackReferenceArgs;

/**
 * A workload stack's view of the hub: one stack reference (spokes reference the hub, never the
 * reverse, so there is no cycle), read only through {@link HubOutputs} names.
 */
public final class HubReference {

    private final StackReference reference;

    public HubReference(String environment, String hubStack) {
        this.reference = new StackReference(environment + "-hub", StackReferenceArgs.builder().name(hubStack).build());
    }

    /** A hub output the spoke cannot work without: the deployment fails if the hub does not export it. */
    public Output<String> require(String name) {
        return requireObject(name).applyValue(String::valueOf);
    }

    /** A structured hub output (a map or list), as the engine deserialized it. */
    public Output<Object> requireObject(String name) {
        if (!HubOutputs.READ_BY_SPOKES.contains(name)) {
            throw new IllegalArgumentException(name + " is not listed in HubOutputs.READ_BY_SPOKES");
        }
        return reference.requireOutput(name).applyValue(value -> (Object) value);
    }
}
