// Renders every deck (introduction.md, lab-0N-*.md) into target/site/:
//   <deck>.html       always (open it in a browser; press P for the presenter view with notes)
//   <deck>.pdf        when Chrome, Chromium or Edge is installed (with notes as PDF annotations)
//   <deck>.NNN.png    one image per slide, same condition (checked by RenderedSlidesIT)
//   index.html        the course home page: every lab with its objectives, time, README, deck and diff
//   render.json       what was rendered, read by the tests
// Diagrams (target/site/diagrams/*.svg) are rendered by Maven from diagrams/*.puml before this runs.
// Without a browser, PDF and PNG are skipped with a warning, except when CI=true: CI must render them.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CLIError, CLIErrorCode, marpCli } from '@marp-team/marp-cli'
import { renderLessons } from './lessons.mjs'

const slidesDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const site = join(slidesDir, 'target', 'site')
const config = join(slidesDir, 'marp.config.mjs')
const DECK = /^(introduction|lab-0\d-[a-z0-9-]+)\.md$/
const IMAGE = /\]\((diagrams\/[^)\s]+)\)/g

const decks = readdirSync(slidesDir).filter((name) => DECK.test(name)).sort()
if (decks.length === 0) fail('no decks found (introduction.md, lab-0N-*.md)')

// Stage the decks next to the rendered diagrams, so that `diagrams/x.svg` resolves the same way
// in the HTML output, in the PDF and in the PNG images.
mkdirSync(site, { recursive: true })
for (const name of readdirSync(site)) {
  if (/\.(md|html|pdf|png)$/.test(name) || name === 'render.json') rmSync(join(site, name))
}
// Charts a lab draws from its own code (its tests check them), shown on a deck like a diagram.
const LAB_CHARTS = { 'lab-08-cost-break-even.svg': join('..', 'lab-08-containers', 'infra', 'cost-break-even.svg') }
mkdirSync(join(site, 'diagrams'), { recursive: true })
for (const [name, source] of Object.entries(LAB_CHARTS)) {
  copyFileSync(join(slidesDir, source), join(site, 'diagrams', name))
}
for (const deck of decks) {
  const text = readFileSync(join(slidesDir, deck), 'utf8')
  for (const [, image] of text.matchAll(IMAGE)) {
    if (!existsSync(join(site, image))) {
      fail(`${deck} shows ${image}, which is not rendered: run ./mvnw -f slides/pom.xml package (renders diagrams/*.puml)`)
    }
  }
  copyFileSync(join(slidesDir, deck), join(site, deck))
}
const staged = decks.map((deck) => join(site, deck))
// Two workers for HTML and PDF. Images are taken one deck at a time: with two workers, Chromium's
// Page.captureScreenshot hangs until Marp's timeout as soon as a worker moves on to a third deck.
// Marp warns, once per deck and conversion, that local files may be read: allowLocalFiles is on by design (the decks
// are ours and show the rendered diagrams). Only that notice is dropped, so a green build prints no WARN line
// (course-checks/quiet-build.sh); every other warning still shows.
const warn = console.warn
console.warn = (...args) => {
  if (!String(args[0]).includes('Insecure local file accessing is enabled')) warn(...args)
}
const marp = (parallel, ...args) =>
  marpCli([...staged, '--config-file', config, '--parallel', String(parallel), ...args])

await run('HTML', () => marp(2))

let browser = true
try {
  await run('PDF', () => marp(2, '--pdf', '--pdf-notes', '--pdf-outlines'))
  // One deck at a time: two at once took 184 s instead of 16 on 2 cores (2026-12-07), the browser's pages starving.
  await run('PNG', () => marp(1, '--images', 'png'))
} catch (error) {
  if (!(error instanceof CLIError && error.errorCode === CLIErrorCode.NOT_FOUND_BROWSER)) throw error
  if (process.env.CI === 'true') fail(`${error.message}\nCI renders PDF and PNG: install Chromium (Debian: apt-get install -y chromium)`)
  console.warn(`WARNING: ${error.message}\nPDF and PNG skipped; HTML is in ${site}`)
  browser = false
}

// The lesson pages (diffs/<lab>.html), before the home page that links them.
renderLessons()

writeFileSync(join(site, 'render.json'), `${JSON.stringify({ decks, browser }, null, 2)}\n`)
writeFileSync(join(site, 'index.html'), indexPage(decks, browser))
console.log(`Slides: ${join(site, 'index.html')}`)

async function run(what, convert) {
  const status = await convert()
  if (status !== 0) fail(`Marp ${what} conversion failed (exit ${status})`)
}

function fail(message) {
  console.error(`ERROR: ${message}`)
  process.exit(1)
}

// The course home page: the introduction, then every lab in order with its objectives and time (read from the
// lab's README), and links to its README, deck, PDF and lesson diff. HomePageIT checks every link resolves.
function indexPage(decks, browser) {
  const root = join(slidesDir, '..')
  const fromSite = '../../../'
  const items = decks
    .map((deck) => {
      const base = deck.replace(/\.md$/, '')
      const title = (readFileSync(join(slidesDir, deck), 'utf8').match(/^title:\s*(.+)$/m) ?? [, base])[1]
        .replace(/ - Observable serverless Java on AWS$/, '')
      const pdf = browser ? ` &middot; <a href="${base}.pdf">PDF</a>` : ''
      const links = [`<a href="${base}.html">deck</a>${pdf}`]
      let details = ''
      const readme = join(root, base, 'README.md')
      if (existsSync(readme)) {
        const text = readFileSync(readme, 'utf8')
        links.unshift(`<a href="${fromSite}${base}/README.md">README</a>`)
        if (existsSync(join(root, base, 'SOLUTIONS.md'))) links.push(`<a href="${fromSite}${base}/SOLUTIONS.md">solutions</a>`)
        const diffPage = [join(site, 'diffs', `${base}.html`), join(root, base, 'CHANGES.html')].find((f) => existsSync(f))
        if (diffPage) links.push(`<a href="${diffPage.startsWith(site) ? `diffs/${base}.html` : `${fromSite}${base}/CHANGES.html`}">lesson diff</a>`)
        else if (existsSync(join(root, base, 'CHANGES.diff'))) links.push(`<a href="${fromSite}${base}/CHANGES.diff">lesson diff</a>`)
        const continued = []
        for (const line of section(text, 'Objectives').split('\n')) {
          if (line.startsWith('- ')) continued.push(line.slice(2))
          else if (line.startsWith('  ') && continued.length) continued[continued.length - 1] += ' ' + line.trim()
        }
        const time = timeOf(section(text, 'Time'))
        details = `\n      <p class="time">${escape(time)}</p>\n      <ul>${continued.map((o) => `<li>${inline(o)}</li>`).join('')}</ul>`
      }
      return `    <li><strong>${escape(title)}</strong> &middot; ${links.join(' &middot; ')}${details}</li>`
    })
    .join('\n')
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Observable serverless Java on AWS: course home</title>
  <style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:3rem auto;line-height:1.5;color:#16191f}
  h1{color:#232f3e;border-bottom:4px solid #ff9900}a{color:#c45500}li{margin-bottom:1.2rem}
  .time{margin:.2rem 0;color:#545b64}code{background:#f2f3f3;padding:0 .2rem}</style>
</head>
<body>
  <h1>Observable serverless Java on AWS</h1>
  <p>Start with the introduction, then one lab after the other. Each lab's README is the hands-on part, its deck the
  lecture; the exercises close the README, with answers in the lab's SOLUTIONS.md. README and diff links open the
  files of your checkout of the course repository.</p>
  <ol>
${items}
  </ol>
  <p>In a deck, press <kbd>P</kbd> for the presenter view with speaker notes.</p>
</body>
</html>
`
}

// The text of a `## name` section of a README, up to the next `## ` heading.
function section(text, name) {
  const match = text.match(new RegExp(`^## ${name}\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm'))
  return match ? match[1].trim() : ''
}

// "About 25 minutes of lecture and 60 minutes hands-on." or, for a lab in parts, each part's row of the table.
function timeOf(text) {
  const first = text.split('\n\n')[0].replace(/\s+/g, ' ')
  const rows = text.split('\n').filter((l) => /^\| \[/.test(l))
  if (rows.length === 0) return first.split('. ')[0].replace(/\.$/, '') + '.'
  return rows
    .map((row) => row.split('|').map((c) => c.trim()))
    .map(([, part, lecture, handsOn]) => `${part.replace(/\[([^\]]+)\]\([^)]*\)/, '$1')}: ${lecture} lecture, ${handsOn} hands-on`)
    .join('; ')
}

// Markdown code spans and links of an objective, as HTML.
function inline(text) {
  return escape(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
}

function escape(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c])
}
