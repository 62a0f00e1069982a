// The test suite drives Debian's Chromium (browser tests) and reads generated PDFs with poppler
// (pdftoppm, pdftotext). On a fresh machine of this kind (Debian, root), install what is missing;
// elsewhere say how. Never downloads a browser build of its own.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const needed = [];
if (!existsSync(chromium)) needed.push('chromium');
if (!existsSync('/usr/bin/pdftotext') || !existsSync('/usr/bin/pdftoppm')) needed.push('poppler-utils');
if (needed.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && existsSync('/usr/bin/apt-get')) {
  console.log(`Installing Debian packages for the tests: ${needed.join(', ')}...`);
  const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (run(['update', '-qq']).status === 0 && run(['install', '-y', '-qq', ...needed]).status === 0) process.exit(0);
}
console.error(`The tests need these Debian packages: ${needed.join(', ')}.\nInstall them with: sudo apt-get install -y ${needed.join(' ')} (or set CHROMIUM_PATH).`);
process.exit(1);
