// Baseline of the camel-cloudflare-audit benchmark: the official Cloudflare TypeScript SDK pages the organization
// audit logs (for await over client.organizations.logs.audit.list, limit 1000, ascending) and writes each entry as
// one JSON line through a write stream, honouring back-pressure.
// Usage: node baseline.mjs BASE_URL TOKEN ORG SINCE BEFORE OUT
import Cloudflare from 'cloudflare';
import fs from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

const [baseURL, apiToken, org, since, before, outFile] = process.argv.slice(2);
const client = new Cloudflare({ apiToken, baseURL });
const out = fs.createWriteStream(outFile);
let entries = 0;
for await (const entry of client.organizations.logs.audit.list(org, { since, before, direction: 'asc', limit: 1000 })) {
  if (!out.write(JSON.stringify(entry) + '\n')) {
    await once(out, 'drain');
  }
  entries++;
}
out.end();
await finished(out);
console.log(`sdk: ${entries} entries`);
