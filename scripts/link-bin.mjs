// `npx sitrep` looks in node_modules/.bin; npm links dependencies' bins there but not the project's
// own. Link it after install so `npx sitrep` runs this checkout, never a registry package of that name.
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, 'node_modules', '.bin');
const target = join(root, 'bin', 'sitrep.js');
mkdirSync(binDir, { recursive: true });
const link = join(binDir, 'sitrep');
rmSync(link, { force: true });
symlinkSync(relative(binDir, target), link);
chmodSync(target, 0o755);
