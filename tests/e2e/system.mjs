// The programs the e2e suites start besides the app (kept apart from the page
// scripts the suites run with `exec`, so the install manifest's scan of the
// runners reads only real program launches here): ImageMagick's `import` for
// screenshots of the X display, and sqlite3 for a database the app has open.

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** The whole X display (where the app's window is) as a PNG, with ImageMagick's `import`. */
export function displayShot(path) {
  mkdirSync(dirname(path), { recursive: true });
  execFileSync('import', ['-window', 'root', path], { stdio: 'pipe', timeout: 20000 });
  return path;
}

/** Runs SQL on a database the app has open (WAL: both can write), with the system's sqlite3. */
export function sql(db, statements) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', db, statements], { encoding: 'utf8' }).trim();
}

/** How many different colours a PNG has (ImageMagick's `identify`): a blank window has one. */
export function uniqueColours(path) {
  return Number(execFileSync('identify', ['-format', '%k', path], { encoding: 'utf8', timeout: 20000 }).trim());
}
