// Browser tests drive Debian's Chromium. On a fresh machine of this kind (Debian, root), install it;
// elsewhere say how. Never downloads a browser build of its own.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (existsSync(chromium)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  console.log('Installing Debian chromium for the browser tests (apt-get install -y chromium)...');
  const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (run(['update', '-qq']).status === 0 && run(['install', '-y', '-qq', 'chromium']).status === 0 && existsSync(chromium)) process.exit(0);
}
console.error(`Chromium is needed for the browser tests and was not found at ${chromium}.\nInstall it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
process.exit(1);
