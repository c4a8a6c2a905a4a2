#!/usr/bin/env bash
# Checks the topology schema with ajv 8, the validator most JSON-schema tooling uses: it must
# compile in strict mode without a warning, and give the same verdict as the build's validator
# (networknt) on every document of the last agreement run
# (config-model/target/schema-agreement-corpus.jsonl, written by SchemaAndLoaderAgreeTest).
# Needs node and npm; installs ajv into a temporary directory. Exits 0 when both hold.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
schema=$here/config-model/src/main/resources/dev/tproxy/model/topology.schema.json
corpus=$here/config-model/target/schema-agreement-corpus.jsonl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund ajv@8 >/dev/null)

cat >"$work/check.js" <<'JS'
const Ajv2020 = require("ajv/dist/2020").default;
const fs = require("fs");
const [schemaFile, corpusFile] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
const warnings = [];
const logger = { log: m => warnings.push(m), warn: m => warnings.push(m), error: m => warnings.push(m) };
// ajv's default strict mode: strictSchema, strictNumbers, strictTypes, strictTuples (strictRequired is off).
const validate = new Ajv2020({ allErrors: true, logger }).compile(schema);
console.log(`strict mode: ${warnings.length} warnings`);
warnings.forEach(w => console.log("  " + w));
let failed = warnings.length > 0;
if (fs.existsSync(corpusFile)) {
  let n = 0;
  const differ = [];
  for (const line of fs.readFileSync(corpusFile, "utf8").split("\n")) {
    if (!line) continue;
    const { valid, document } = JSON.parse(line);
    n++;
    if (validate(document) !== valid) differ.push(document);
  }
  console.log(`${n} documents of the agreement run: ajv differs from networknt on ${differ.length}`);
  differ.slice(0, 3).forEach(d => console.log("  " + JSON.stringify(d).slice(0, 600)));
  failed = failed || differ.length > 0;
} else {
  console.log(`no ${corpusFile}: run ./mvnw -pl config-model test -Dtest=SchemaAndLoaderAgreeTest first`);
}
process.exit(failed ? 1 : 0);
JS
(cd "$work" && node check.js "$schema" "$corpus")
