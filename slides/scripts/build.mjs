// Renders every deck (introduction.md, lab-0N-*.md) into target/site/:
//   <deck>.html       always (open it in a browser; press P for the presenter view with notes)
//   <deck>.pdf        when Chrome, Chromium or Edge is installed (with notes as PDF annotations)
//   <deck>.NNN.png    one image per slide, same condition (checked by RenderedSlidesIT)
//   index.html        links to every deck
//   render.json       what was rendered, read by the tests
// Diagrams (target/site/diagrams/*.svg) are rendered by Maven from diagrams/*.puml before this runs.
// Without a browser, PDF and PNG are skipped with a warning, except when CI=true: CI must render them.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CLIError, CLIErrorCode, marpCli } from '@marp-team/marp-cli'

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
const marp = (parallel, ...args) =>
  marpCli([...staged, '--config-file', config, '--parallel', String(parallel), ...args])

await run('HTML', () => marp(2))

let browser = true
try {
  await run('PDF', () => marp(2, '--pdf', '--pdf-notes', '--pdf-outlines'))
  await run('PNG', () => marp(1, '--images', 'png'))
} catch (error) {
  if (!(error instanceof CLIError && error.errorCode === CLIErrorCode.NOT_FOUND_BROWSER)) throw error
  if (process.env.CI === 'true') fail(`${error.message}\nCI renders PDF and PNG: install Chromium (Debian: apt-get install -y chromium)`)
  console.warn(`WARNING: ${error.message}\nPDF and PNG skipped; HTML is in ${site}`)
  browser = false
}

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

function indexPage(decks, browser) {
  const items = decks
    .map((deck) => {
      const base = deck.replace(/\.md$/, '')
      const title = (readFileSync(join(slidesDir, deck), 'utf8').match(/^title:\s*(.+)$/m) ?? [, base])[1]
      const pdf = browser ? ` &middot; <a href="${base}.pdf">PDF</a>` : ''
      return `    <li><a href="${base}.html">${escape(title)}</a>${pdf}</li>`
    })
    .join('\n')
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Observable serverless Java on AWS: slides</title>
  <style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:3rem auto;line-height:1.6;color:#16191f}
  h1{color:#232f3e;border-bottom:4px solid #ff9900}a{color:#c45500}</style>
</head>
<body>
  <h1>Observable serverless Java on AWS</h1>
  <ol>
${items}
  </ol>
  <p>In a deck, press <kbd>P</kbd> for the presenter view with speaker notes.</p>
</body>
</html>
`
}

function escape(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c])
}
