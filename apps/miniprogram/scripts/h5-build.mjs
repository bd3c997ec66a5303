// Whether dist/h5 holds a usable production build: present, and not a development build left by an older
// `build:h5` run under NODE_ENV=development (Fast Refresh calls without a dev server: a blank page).
import fs from 'node:fs';
import path from 'node:path';

export function h5BuildUsable(h5Dir) {
  if (!fs.existsSync(path.join(h5Dir, 'index.html'))) return false;
  const jsDir = path.join(h5Dir, 'js');
  if (!fs.existsSync(jsDir)) return true;
  return !fs.readdirSync(jsDir).some((f) => f.endsWith('.js') && fs.readFileSync(path.join(jsDir, f), 'utf8').includes('$RefreshReg$'));
}
