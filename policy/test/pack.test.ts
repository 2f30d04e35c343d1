// The real pack, started the way the Pulumi CLI starts it (@pulumi/pulumi's run-policy-pack, which
// compiles index.ts with ts-node), driven over its analyzer gRPC API on 127.0.0.1. Proves that
// index.ts, the config schemas and the unknown handling work inside @pulumi/policy's own server.
import { strict as assert } from "node:assert";
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { after, before, test } from "node:test";

// The client uses the very modules @pulumi/policy's server is built on (its own dependencies).
const fromPolicy = (id: string) => require(require.resolve(id, { paths: [path.dirname(require.resolve("@pulumi/policy"))] }));
const grpc = fromPolicy("@grpc/grpc-js");
const rpc = fromPolicy("@pulumi/pulumi/proto/analyzer_grpc_pb");
const pb = fromPolicy("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = fromPolicy("google-protobuf/google/protobuf/struct_pb");
const { Empty } = fromPolicy("google-protobuf/google/protobuf/empty_pb");

const ROOT = path.resolve(__dirname, "..", "..");
const UNKNOWN_BOOL = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";

let child: ChildProcess | undefined;
let client: any;

function call(method: string, req: unknown): Promise<any> {
    return new Promise((resolve, reject) => client[method](req, { deadline: Date.now() + 20_000 }, (e: Error, r: unknown) => (e ? reject(e) : resolve(r))));
}

before(async () => {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [ROOT] });
    // The engine address is not used by a policy pack that logs nothing; the port is printed on stdout.
    child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const port = await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`pack did not start in 60s: ${stderr}`)), 60_000);
        child!.stdout!.on("data", (d) => {
            out += d;
            const m = out.match(/^(\d+)\s*$/m);
            if (m) {
                clearTimeout(timer);
                resolve(m[1]);
            }
        });
        child!.on("exit", (code) => reject(new Error(`pack exited ${code}: ${stderr}`)));
    });
    client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

after(() => {
    client?.close();
    if (child && child.exitCode === null) {
        child.kill("SIGTERM");
    }
});

function options(protect = false) {
    const o = new pb.AnalyzerResourceOptions();
    o.setProtect(protect);
    return o;
}

function diagnostics(resp: any): { policy: string; level: number; message: string }[] {
    return resp.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage() }));
}

test("GetAnalyzerInfo lists every policy with severity, remediation and config schema", async () => {
    const info = await call("getAnalyzerInfo", new Empty());
    assert.equal(info.getName(), "kyeol-platform-policy");
    const { policies } = await import("../src/policies");
    const listed = info.getPoliciesList();
    assert.deepEqual(listed.map((p: any) => p.getName()), policies.map((p) => p.name));
    const backup = listed.find((p: any) => p.getName() === "rds-backup-retention");
    assert.ok(backup.getRemediationSteps().length > 0);
    assert.ok(backup.getSeverity() > 0);
    assert.ok(backup.getConfigschema().getProperties().toJavaScript().minimumDays);
});

test("Analyze applies the configured minimum and stays silent on an unknown value", async () => {
    const cfg = new pb.ConfigureAnalyzerRequest();
    const pc = new pb.PolicyConfig();
    pc.setEnforcementlevel(pb.EnforcementLevel.MANDATORY);
    pc.setProperties(Struct.fromJavaScript({ minimumDays: 14 }));
    cfg.getPolicyconfigMap().set("rds-backup-retention", pc);
    await call("configure", cfg);

    const req = new pb.AnalyzeRequest();
    req.setType("aws:rds/instance:Instance");
    req.setUrn("urn:pulumi:prod::kyeol-platform::aws:rds/instance:Instance::db");
    req.setName("db");
    req.setProperties(Struct.fromJavaScript({ storageEncrypted: UNKNOWN_BOOL, backupRetentionPeriod: 3, publiclyAccessible: false }));
    req.setOptions(options());
    const d = diagnostics(await call("analyze", req));
    const names = d.map((x) => x.policy);
    assert.ok(names.includes("rds-backup-retention"), JSON.stringify(d));
    assert.match(d.find((x) => x.policy === "rds-backup-retention")!.message, /3 day\(s\); minimum here is 14/);
    assert.ok(!names.includes("rds-storage-encrypted"), "unknown storageEncrypted is not a violation");
    assert.ok(!d.some((x) => /can't run/.test(x.message)), "no policy was downgraded to 'can't run during preview'");
});

test("Analyze under the engine: a secret arrives unwrapped, so the clear-text check stays silent; the others decide", async () => {
    const req = new pb.AnalyzeRequest();
    req.setType("aws:elasticache/replicationGroup:ReplicationGroup");
    req.setUrn("urn:pulumi:prod::kyeol-platform::aws:elasticache/replicationGroup:ReplicationGroup::cache");
    req.setName("cache");
    // what the engine sends for Output.ofSecret(token): the secret signature around the value
    const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "a-token-from-pulumi-config" };
    req.setProperties(Struct.fromJavaScript({ authToken: secret, atRestEncryptionEnabled: true, transitEncryptionEnabled: true, snapshotRetentionLimit: 0 } as any));
    req.setOptions(options());
    const d = diagnostics(await call("analyze", req));
    assert.ok(!d.some((x) => x.policy === "elasticache-auth-token"), JSON.stringify(d));
    assert.ok(d.some((x) => x.policy === "elasticache-snapshots" && /snapshotRetentionLimit is 0/.test(x.message)), JSON.stringify(d));

    const lt = new pb.AnalyzeRequest();
    lt.setType("aws:ec2/launchTemplate:LaunchTemplate");
    lt.setUrn("urn:pulumi:prod::kyeol-platform::aws:ec2/launchTemplate:LaunchTemplate::lt");
    lt.setName("lt");
    lt.setProperties(Struct.fromJavaScript({ metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } }));
    lt.setOptions(options());
    const names = diagnostics(await call("analyze", lt)).map((x) => x.policy);
    assert.ok(names.includes("launch-template-imds-hop-limit") && names.includes("launch-template-root-volume-encrypted"), names.join(", "));
});

test("AnalyzeStack sees providers and property dependencies", async () => {
    const mk = (type: string, name: string, props: object, deps: Record<string, string[]> = {}) => {
        const r = new pb.AnalyzerResource();
        r.setType(type);
        r.setName(name);
        r.setUrn(`urn:pulumi:prod::kyeol-platform::${type}::${name}`);
        r.setProperties(Struct.fromJavaScript(props));
        r.setOptions(options());
        for (const [k, urns] of Object.entries(deps)) {
            const pd = new pb.AnalyzerPropertyDependencies();
            pd.setUrnsList(urns);
            r.getPropertydependenciesMap().set(k, pd);
        }
        return r;
    };
    const bucketUrn = "urn:pulumi:prod::kyeol-platform::aws:s3/bucketV2:BucketV2::media";
    const req = new pb.AnalyzeStackRequest();
    req.setResourcesList([
        // provider config arrives JSON-encoded from the engine
        mk("pulumi:providers:aws", "aws-prod", { region: "ap-northeast-2", defaultTags: JSON.stringify({ tags: { Project: "kyeol", Environment: "prod", Stack: "prod" } }) }),
        mk("aws:s3/bucketV2:BucketV2", "media", { bucket: "kyeol-prod-media" }),
        mk("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "media-pab",
            { bucket: "kyeol-prod-media", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: false }, { bucket: [bucketUrn] }),
    ]);
    const d = diagnostics(await call("analyzeStack", req));
    const tags = d.filter((x) => x.policy === "aws-provider-default-tags");
    assert.equal(tags.length, 1, JSON.stringify(d));
    assert.match(tags[0].message, /no defaultTags for ManagedBy/);
    assert.ok(d.some((x) => x.policy === "s3-public-access-block" && /restrictPublicBuckets not true/.test(x.message)), JSON.stringify(d));
});
