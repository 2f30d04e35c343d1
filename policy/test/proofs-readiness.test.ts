// proof-readiness: CRD objects wait for the release installing their CRD; everything that creates Pods or Services
// is ordered relative to the load balancer controller on its cluster.
import { strict as assert } from "node:assert";
import { describe, test } from "node:test";
import { isUndecided } from "../src/lib/rules";
import { policy, R, run } from "./helpers";
import { breakOne, k8s, release, REQ, urnNamed, world } from "./proofs-world";

const proof = policy("proof-readiness");

async function findings(list = world()) {
    return run(proof, list);
}

describe("proof-readiness", () => {
    test("the whole world passes", async () => {
        assert.deepEqual(await findings(), []);
    });

    test("broken: an ExternalSecret that does not wait for the external-secrets release (its CRD)", async () => {
        const list = breakOne(world(), "dev-secret-store", (r) => (r.deps = []));
        const out = await findings(list);
        assert.equal(out.length, 2, JSON.stringify(out)); // the store, and the ExternalSecret that only waits for the store
        assert.ok(out.every((v) => /does not wait for dev-external-secrets, which installs its CRD/.test(v.message)));
        assert.deepEqual(out.map((v) => v.urn).sort(), [urnNamed(list, "dev-database-secret"), urnNamed(list, "dev-secret-store")].sort());
    });

    test("broken: the chart is installed with its CRDs switched off", async () => {
        const list = breakOne(world(), "dev-external-secrets", (r) => (r.props.values.installCRDs = false));
        const out = await findings(list);
        assert.ok(out.some((v) => /ClusterSecretStore\.external-secrets\.io needs a release of external-secrets installing its CRDs on this cluster; there is none/.test(v.message)), JSON.stringify(out));
    });

    test("broken: a release running concurrently with the load balancer controller", async () => {
        const list = breakOne(world(), "dev-metrics-server", (r) => (r.deps = ["dev-nodes"]));
        const out = await findings(list);
        assert.equal(out.length, 1, JSON.stringify(out));
        assert.match(out[0].message, /^dev-metrics-server \(Release\) on dev-eks runs concurrently with dev-aws-load-balancer-controller/);
    });

    test("broken: a managed add-on running concurrently with the controller", async () => {
        const list = breakOne(world(), "dev-aws-ebs-csi-driver", (r) => (r.deps = ["dev-eks", "dev-nodes"]));
        const out = await findings(list);
        assert.equal(out.length, 1, JSON.stringify(out));
        assert.match(out[0].message, /dev-aws-ebs-csi-driver \(Addon\) on dev-eks runs concurrently/);
    });

    test("broken: the spoke's Application (sent to the hub) deploys onto this cluster before the controller is up", async () => {
        const list = breakOne(world(), "dev-argocd-application", (r) => (r.deps = ["dev-hub"]));
        const out = await findings(list);
        assert.equal(out.length, 1, JSON.stringify(out));
        assert.match(out[0].message, /^dev-argocd-application \(Application\) on dev-eks runs concurrently/);
    });

    test("a runner scale set's release waits for the controller's release, which installs AutoscalingRunnerSet", async () => {
        const controller = release("dev-arc", "oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set-controller", { resources: REQ },
            ["dev-nodes", "dev-aws-load-balancer-controller"], "arc-systems");
        const scaleSet = (deps: string[]) => release("dev-runners", "oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set", {}, deps, "arc-runners");
        assert.deepEqual(await findings([...world(), controller, scaleSet(["dev-arc", "dev-aws-load-balancer-controller"])]), []);
        const concurrent = await findings([...world(), controller, scaleSet(["dev-nodes", "dev-aws-load-balancer-controller"])]);
        assert.equal(concurrent.length, 1, JSON.stringify(concurrent));
        assert.match(concurrent[0].message, /^dev-runners \(Release\) on dev-eks: renders AutoscalingRunnerSet\.actions\.github\.com but does not wait for dev-arc, which installs its CRD/);
        const alone = await findings([...world(), scaleSet(["dev-aws-load-balancer-controller"])]);
        assert.match(alone[0].message, /renders AutoscalingRunnerSet\.actions\.github\.com, and no release on this cluster installs its CRD/);
    });

    test("broken: a CRD group no release is known to install", async () => {
        const list = [...world(), k8s("kubernetes:cert-manager.io/v1:Certificate", "dev-cert", {}, ["dev-nodes"])];
        const out = await findings(list);
        assert.equal(out.length, 1, JSON.stringify(out));
        assert.match(out[0].message, /no release is known to install CRD group cert-manager\.io \(add a row to CRD_SOURCES\)/);
    });

    test("the controller's ordering counts either way: a release the controller waits for is fine", async () => {
        const list = breakOne(world(), "dev-metrics-server", (r) => (r.deps = ["dev-nodes"]));
        breakOne(list, "dev-aws-load-balancer-controller", (r) => r.deps!.push("dev-metrics-server"));
        assert.deepEqual(await findings(list), []);
    });

    test("a CRD object on another stack's cluster is exempt (that stack is up first)", async () => {
        const list = world().filter((r) => r.name !== "dev-argocd-application");
        list.push(k8s("kubernetes:argoproj.io/v1alpha1:AppProject", "dev-project", { spec: {} }, ["dev-hub"], { type: "pulumi:providers:kubernetes", name: "dev-hub-k8s", props: {} }));
        assert.deepEqual(await findings(list), []);
    });

    test("a CustomResourceDefinition of this stack satisfies its group when the object waits for it", async () => {
        const crd = k8s("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", "dev-widgets-crd", { spec: { group: "widgets.example.com" } }, ["dev-nodes"]);
        const ok = [...world(), crd, k8s("kubernetes:widgets.example.com/v1:Widget", "dev-widget", {}, ["dev-widgets-crd"])];
        assert.deepEqual(await findings(ok), []);
        const bad = [...world(), crd, k8s("kubernetes:widgets.example.com/v1:Widget", "dev-widget", {}, ["dev-nodes"])];
        assert.match((await findings(bad))[0].message, /comes from CustomResourceDefinition dev-widgets-crd, which it does not wait for/);
    });

    test("a CRD object whose provider cannot be traced to a cluster is undecided (advisory), not a violation", async () => {
        const list = [...world(), R("kubernetes:external-secrets.io/v1:ExternalSecret", "stray", {}, { provider: { type: "pulumi:providers:kubernetes", name: "ambient", props: {} } })];
        await assert.rejects(findings(list), (e: unknown) => isUndecided(e) && /1 check\(s\) undecided: stray \(ExternalSecret\) uses a provider outside the plan/.test((e as Error).message));
    });

    test("releases reach their cluster through the provider's property dependencies, not names", async () => {
        // A second cluster with its own provider; a release there is not ordered against dev's controller.
        const list = [
            ...world(),
            R("aws:eks/cluster:Cluster", "other-eks", { name: "kyeol-other" }),
            R("pulumi:providers:kubernetes", "other-k8s", { kubeconfig: "{}" }, { propDeps: { kubeconfig: ["other-eks"] } }),
            release("other-metrics", "metrics-server", { resources: REQ }, []),
        ];
        list[list.length - 1].provider = { type: "pulumi:providers:kubernetes", name: "other-k8s", props: {} };
        assert.deepEqual(await findings(list), []);
    });
});
