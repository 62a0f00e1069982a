import { main } from './main';

// A reader that stops early (conduct decide --list | head) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

await main(process.argv.slice(2));
