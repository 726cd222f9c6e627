// The Logs Insights queries of every lab are shown as shipped and use only fields the lab's app writes.
//
//   node course-checks/logs-insights-queries.mjs    (part of `./mvnw verify`, from the repository root)
//
// For every lab-0N-*/logs-insights/*.query:
// - the query appears verbatim in that folder's README.md, and in the lab's README.md when the lab shows the queries
//   itself (a "## Query the logs" section: the lab that introduces them);
// - every field it names is one the lab's app writes. A field is a snake_case word or one of the one-word keys; it
//   must be an alias the query defines with `as`, a quoted name in the lab's Java code (a LogKeys constant, the key
//   of a log call's key-value pair) or a field of logback.xml (<fieldName>level</fieldName>, <message/>). String
//   literals in a query are values, not fields, and are skipped.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIELD = /\b([a-z]+_[a-z_]+|level|message|route|method|status|path)\b/g;
const problems = [];

const filesUnder = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]);

const labs = readdirSync('.').filter((name) => /^lab-\d\d-/.test(name) && existsSync(join(name, 'logs-insights')));
for (const lab of labs.sort()) {
  const folder = join(lab, 'logs-insights');
  const folderReadme = readFileSync(join(folder, 'README.md'), 'utf8');
  const labReadme = readFileSync(join(lab, 'README.md'), 'utf8');
  // The app's code and its log configuration: not openapi.json, whose fields are the API's, not the logs'.
  const source = [...filesUnder(join(lab, 'src', 'main', 'java')), join(lab, 'src', 'main', 'resources', 'logback.xml')]
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  const written = (field) =>
    source.includes(`"${field}"`) || source.includes(`>${field}<`) || source.includes(`<${field}/>`);

  const queries = readdirSync(folder).filter((name) => name.endsWith('.query')).sort();
  if (queries.length < 3) problems.push(`${folder}: ${queries.length} queries, expected the README's 3 or more`);
  for (const name of queries) {
    const query = readFileSync(join(folder, name), 'utf8');
    if (!folderReadme.includes(query)) problems.push(`${folder}/README.md does not show ${name} as shipped`);
    if (labReadme.includes('## Query the logs') && !labReadme.includes(query)) {
      problems.push(`${lab}/README.md does not show ${name} as shipped`);
    }
    const aliases = new Set([...query.matchAll(/\bas\s+(\w+)/g)].map((match) => match[1]));
    for (const [, field] of query.replace(/"[^"]*"/g, '""').matchAll(FIELD)) {
      if (!aliases.has(field) && !written(field)) {
        problems.push(`${folder}/${name} uses ${field}, which ${lab}'s app does not write`);
      }
    }
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`Logs Insights queries: ${labs.length} labs checked`);
