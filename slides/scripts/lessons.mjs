// The lesson pages: each lab's LESSON.diff (written by scripts/lab-diffs.sh: the patch from the previous lab in
// teaching order) rendered with diff2html side by side, syntax highlighted, tests and build files collapsed, into
// target/site/diffs/<lab>.html beside the decks (the home page links it as the lab's lesson diff). Nothing is loaded
// from the network.
//
//   node scripts/lessons.mjs            render every lesson page (scripts/build.mjs does this after the decks)
//   node scripts/lessons.mjs --check    fail if a lesson page is missing or older than its LESSON.diff, or the
//                                       lab's deck does not link it; then open one page in headless Chromium and
//                                       check its file list (a missing browser is a warning, and an error under
//                                       CI=true, as for the decks' images)
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const slidesDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const root = join(slidesDir, '..')
const site = join(slidesDir, 'target', 'site')
const template = join(slidesDir, 'scripts', 'lesson-template.html')
const LAB = /^lab-0\d-[a-z0-9-]+$/
// What the page collapses; the same pattern is in lesson-template.html.
const COLLAPSED = /(^|\/)src\/test\/|^exercises\/|(^|\/)(pom\.xml|package\.json|cdk\.json|\.gitignore)$|^(mvnw|\.mvn\/)/
// The page the browser check opens: the tracing lesson has main code, resources, tests and a build file.
const CHECKED = 'lab-04-tracing'

/** Every lab with a LESSON.diff, in course order, with the lab before it. */
export function lessons() {
  const labs = readdirSync(root)
    .filter((name) => LAB.test(name) && existsSync(join(root, name, 'pom.xml')))
    .sort()
  return labs
    .map((lab, i) => ({ lab, previous: labs[i - 1], diff: join(root, lab, 'LESSON.diff') }))
    .filter(({ previous, diff }) => previous && existsSync(diff))
}

export const pageOf = (lab) => `diffs/${lab}.html`

/** The files of a diff, in its order. */
export function filesOf(diff) {
  return [...diff.matchAll(/^diff --git a\/\S+ b\/(\S+)$/gm)].map((match) => match[1])
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex')

export function renderLessons() {
  const require = createRequire(join(slidesDir, 'package.json'))
  const cli = join(dirname(require.resolve('diff2html-cli/package.json')), 'bin', 'diff2html.js')
  const theme = readFileSync(require.resolve('highlight.js/styles/github.min.css'), 'utf8')
  mkdirSync(join(site, 'diffs'), { recursive: true })
  for (const { lab, previous, diff } of lessons()) {
    const out = join(site, pageOf(lab))
    const title = `Lesson ${lab}: what changed since ${previous}`
    const result = spawnSync(
      process.execPath,
      [cli, '-s', 'side', '--cs', 'light', '--su', 'open', '--hwt', template, '-t', title, '-f', 'html', '-i', 'file',
        '-F', out, '--', diff],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    )
    if (result.status !== 0) fail(`diff2html failed on ${lab}/LESSON.diff (exit ${result.status ?? result.signal})`)
    const text = readFileSync(diff, 'utf8')
    const files = filesOf(text)
    const collapsed = files.filter((file) => COLLAPSED.test(file)).length
    let html = readFileSync(out, 'utf8')
    // diff2html links the highlight.js theme from a CDN: inline the pinned copy, so the page works offline.
    html = html.replace(/<link rel="stylesheet" href="https:\/\/cdnjs\.cloudflare\.com\/[^"]*github\.min\.css" \/>/,
      () => `<style>\n${theme}\n</style>`)
    if (/https?:\/\/cdn/.test(html)) fail(`${pageOf(lab)} still loads something from a CDN`)
    html = html
      .replace('<!--lesson-meta-->', `<meta name="lesson-diff-sha256" content="${sha256(text)}" />`)
      .replace('<!--lesson-note-->',
        `${files.length} files in teaching order: main code first, in the order <a href="../${lab}.html">the deck</a>` +
        ` shows it, then resources, tests and build files (${collapsed} collapsed: tick <em>Viewed</em> to open one).` +
        ` The same patch for <code>git apply</code> is <code>${lab}/CHANGES.diff</code>.`)
    writeFileSync(out, html)
  }
}

/** Every lesson has its page, rendered from the LESSON.diff as it is now, and the lab's deck links it. */
function checkPages() {
  const all = lessons()
  if (all.length === 0) fail('no LESSON.diff found: run scripts/lab-diffs.sh')
  const problems = []
  for (const { lab, diff } of all) {
    const page = join(site, pageOf(lab))
    if (!existsSync(page)) {
      problems.push(`${pageOf(lab)} is missing`)
      continue
    }
    const deck = join(slidesDir, `${lab}.md`)
    if (existsSync(deck) && !readFileSync(deck, 'utf8').includes(`href="${pageOf(lab)}"`)) {
      problems.push(`slides/${lab}.md does not link its lesson page: <a href="${pageOf(lab)}">lesson diff</a>`)
    }
    const stamp = readFileSync(page, 'utf8').match(/<meta name="lesson-diff-sha256" content="([0-9a-f]+)"/)?.[1]
    if (stamp !== sha256(readFileSync(diff, 'utf8'))) problems.push(`${pageOf(lab)} is older than ${lab}/LESSON.diff`)
  }
  if (problems.length > 0) {
    fail(`${problems.join('; ')}. Render the pages: ./mvnw -pl slides package (or: cd slides && npm run build)`)
  }
  console.log(`Lesson pages are current (${all.map(({ lab }) => pageOf(lab)).join(', ')})`)
  return all
}

function browser() {
  const candidates = process.env.CHROME_PATH
    ? [process.env.CHROME_PATH]
    : ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'].flatMap((name) =>
        (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name)))
  return candidates.find((candidate) => existsSync(candidate))
}

/** Opens one page in headless Chromium and checks what a reader sees: the file list, collapsing, highlighting. */
function checkInBrowser(all) {
  const chrome = browser()
  if (!chrome) {
    const message = 'no Chrome or Chromium found (set CHROME_PATH): the lesson page was not opened in a browser'
    if (process.env.CI === 'true') fail(`${message}\nCI checks it: install Chromium (Debian: apt-get install -y chromium)`)
    console.warn(`WARNING: ${message}`)
    return
  }
  const { lab, diff } = all.find((lesson) => lesson.lab === CHECKED) ?? all[0]
  const args = ['--headless', '--disable-gpu', '--no-first-run', '--virtual-time-budget=10000', '--dump-dom',
    pathToFileURL(join(site, pageOf(lab))).href]
  if (process.getuid?.() === 0) args.unshift('--no-sandbox')
  const result = spawnSync(chrome, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 })
  if (result.status !== 0) fail(`${chrome} could not open ${pageOf(lab)} (exit ${result.status ?? result.signal}): ${result.stderr}`)
  const dom = result.stdout
  const expected = filesOf(readFileSync(diff, 'utf8'))
  const problems = []

  const list = dom.match(/<div class="d2h-file-list-wrapper d2h-[\s\S]*?<\/ol>/)?.[0] ?? ''
  const listed = [...list.matchAll(/<a href="#[^"]*" class="d2h-file-name">([^<]*)<\/a>/g)].map((m) => unescape(m[1].trim()))
  if (listed.join('\n') !== expected.join('\n')) {
    problems.push(`the file list shows\n  ${listed.join('\n  ')}\nbut ${lab}/LESSON.diff holds, in this order,\n  ${expected.join('\n  ')}`)
  }

  const wrappers = dom.split(/<div id="[^"]*" class="d2h-file-wrapper/).slice(1)
  const shown = wrappers.map((wrapper) => {
    const name = unescape(wrapper.match(/<span class="d2h-file-name">([^<]*)<\/span>/)?.[1].trim() ?? '')
    return { name, hidden: /class="d2h-files-diff d2h-d-none"/.test(wrapper) }
  })
  for (const { name, hidden } of shown) {
    if (hidden !== COLLAPSED.test(name)) problems.push(`${name} is ${hidden ? 'collapsed' : 'open'}`)
  }
  if (!shown.some(({ hidden }) => hidden)) problems.push('no test or build file is collapsed')
  if (!/class="hljs-keyword"/.test(dom)) problems.push('the code is not syntax highlighted')
  if (!/class="d2h-files-diff/.test(dom)) problems.push('the diff is not side by side')

  if (problems.length > 0) fail(`${pageOf(lab)} in ${chrome}: ${problems.join('; ')}`)
  console.log(`${pageOf(lab)} in ${chrome}: ${listed.length} files listed in teaching order, ` +
    `${shown.filter(({ hidden }) => hidden).length} collapsed, code highlighted`)
}

function unescape(text) {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e])
}

function fail(message) {
  console.error(`ERROR: ${message}`)
  process.exit(1)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--check') {
    checkInBrowser(checkPages())
  } else {
    renderLessons()
    console.log(`Lesson pages: ${lessons().map(({ lab }) => join(site, pageOf(lab))).join(', ')}`)
  }
}
