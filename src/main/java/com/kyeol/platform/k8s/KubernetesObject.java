package com.kyeol.platform.k8s;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

import java.util.Map;

/**
 * Any Kubernetes object of a custom resource definition (ArgoCD {@code Application}, {@code AppProject},
 * ESO {@code ClusterSecretStore}), applied by the Kubernetes provider under the token
 * {@code kubernetes:<group/version>:<Kind>}. com.pulumi:kubernetes 4.0.0 has no generic
 * {@code CustomResource} class (it arrived in 4.13); this is the same thing in thirty lines.
 */
public final class KubernetesObject extends CustomResource {

    public KubernetesObject(String name, String apiVersion, String kind, ObjectMetaArgs metadata, Output<Map<String, Object>> spec,
                            CustomResourceOptions options) {
        super("kubernetes:" + apiVersion + ":" + kind, name, new Args(apiVersion, kind, metadata, spec), options);
    }

    /** The object as the provider expects it: apiVersion, kind, metadata and spec. */
    static final class Args extends ResourceArgs {

        @Import(name = "apiVersion", required = true)
        private final Output<String> apiVersion;
        @Import(name = "kind", required = true)
        private final Output<String> kind;
        @Import(name = "metadata", required = true)
        private final Output<ObjectMetaArgs> metadata;
        @Import(name = "spec")
        private final Output<Map<String, Object>> spec;

        Args(String apiVersion, String kind, ObjectMetaArgs metadata, Output<Map<String, Object>> spec) {
            this.apiVersion = Output.of(apiVersion);
            this.kind = Output.of(kind);
            this.metadata = Output.of(metadata);
            this.spec = spec;
        }
    }
}
