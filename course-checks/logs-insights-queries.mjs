// The Logs Insights queries of every lab are shown as shipped and use only fields the lab's app writes.
//
//   node course-checks/logs-insights-queries.mjs    (part of `./mvnw verify`, from the repository root)
//
// For every lab-0N-*/logs-insights/*.query:
// - the query appears verbatim in that folder's README.md, and in the lab's README.md when the lab shows the queries
//   itself (a "## Query the logs" section: the lab that introduces them);
// - every field it names is one the lab's app writes. A field is any word that is not a Logs Insights keyword or
//   function or an @ field; it must be an alias the query defines with `as`, a quoted name in the lab's Java code (a
//   LogKeys constant, the key of a log call's key-value pair) or a field of logback.xml
//   (<fieldName>level</fieldName>, <message/>). String literals in a query are values, not fields;
// - a message it filters on (message = "...") is one the app logs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Every other word of a query names a field: camelCase and one-word fields too, so a renamed key cannot slip by.
const KEYWORDS = new Set(
  ('fields filter stats sort by as and or not like in asc desc limit parse display dedup unmask pattern diff ' +
    'count count_distinct avg sum min max pct stddev bin earliest latest sortsFirst sortsLast abs ceil floor ' +
    'greatest least log sqrt concat ltrim rtrim trim strlen toupper tolower substr replace strcontains ispresent ' +
    'isempty isblank coalesce fromMillis toMillis datefloor dateceil now s m h d w mo q y')
    .split(' '));
const WORD = /(?<![@\w.])([A-Za-z_]\w*)\b/g;
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
    for (const [, field] of query.replace(/"[^"]*"/g, '""').matchAll(WORD)) {
      if (!KEYWORDS.has(field) && !aliases.has(field) && !written(field)) {
        problems.push(`${folder}/${name} uses ${field}, which ${lab}'s app does not write`);
      }
    }
    // A message the query looks for is one the app logs, word for word.
    for (const [, value] of query.matchAll(/\bmessage\s*=\s*"([^"]*)"/g)) {
      if (!source.includes(`"${value}"`)) {
        problems.push(`${folder}/${name} looks for the message "${value}", which ${lab}'s app does not log`);
      }
    }
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`Logs Insights queries: ${labs.length} labs checked`);
