import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { test } from "node:test";
import { policies } from "../src/policies";
import { readmePath, renderReadme } from "../src/scripts/gen-readme";

test("README.md's policy table is generated from the policies array (run `npm run docs` after changing a policy)", () => {
    const current = fs.readFileSync(readmePath(), "utf8");
    assert.equal(renderReadme(current), current);
    for (const p of policies) {
        assert.ok(current.includes(`| \`${p.name}\` | ${p.severity} | ${p.enforcementLevel} |`), p.name);
    }
});
