// Validates JSON exports against docs/export.schema.json (JSON Schema
// 2020-12, with ajv in strict mode), and checks what a schema cannot say:
// each event's `order` is its index, `earliest` never after `latest`, and
// earliest days never decrease along the timeline order.
//
//   node schema.mjs SCHEMA.json EXPORT.json [EXPORT.json ...]
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

const [schemaFile, ...exports] = process.argv.slice(2);
if (!schemaFile || exports.length === 0) fail('usage: node schema.mjs SCHEMA.json EXPORT.json ...');
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
for (const file of exports) {
  const v = JSON.parse(readFileSync(file, 'utf8'));
  if (!validate(v)) {
    fail(`${file} does not follow the schema:\n${validate.errors.slice(0, 20).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).join('\n')}`);
  }
  let last = '';
  v.events.forEach((e, n) => {
    if (e.order !== n) fail(`${file}: event ${e.id} has order ${e.order} at index ${n}`);
    if (e.earliest > e.latest) fail(`${file}: event ${e.id}: earliest ${e.earliest} after latest ${e.latest}`);
    if (e.earliest < last) fail(`${file}: event ${e.id} starts ${e.earliest}, before the event before it (${last})`);
    last = e.earliest;
  });
  console.log(`ok: ${file} follows the schema (${v.events.length} events, ${v.issues.length} issues, ${v.articles.length} articles, ${v.problems.length} problems)`);
}
