// Installs the pinned Marp CLI with `npm ci`, but only when package-lock.json changed since the last install:
// `npm ci` always deletes node_modules first, which costs about 15 seconds on every build.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const slidesDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const lockFile = join(slidesDir, 'package-lock.json')
const stampFile = join(slidesDir, 'node_modules', '.package-lock.sha256')
const marpCli = join(slidesDir, 'node_modules', '@marp-team', 'marp-cli', 'package.json')

const lockHash = createHash('sha256').update(readFileSync(lockFile)).digest('hex')
const installed = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : ''

if (installed === lockHash && existsSync(marpCli)) {
  console.log('node_modules matches package-lock.json: npm ci skipped')
  process.exit(0)
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], {
  cwd: slidesDir,
  stdio: 'inherit',
  shell: process.platform === 'win32',
})
if (result.status !== 0) {
  console.error(`npm ci failed (exit ${result.status ?? result.signal})`)
  process.exit(1)
}
writeFileSync(stampFile, `${lockHash}\n`)
