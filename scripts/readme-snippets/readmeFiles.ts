import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The READMEs whose code blocks are compiled, relative to the repository root: the root one and every
 * package's and example's, found afresh on each run so that a new package or section is checked at once.
 */
export async function readmeFiles(root: string): Promise<string[]> {
  const found = ['README.md'];
  for (const folder of ['packages', 'examples']) {
    for (const entry of (await readdir(join(root, folder), { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const readme = join(folder, entry.name, 'README.md');
      if (entry.isDirectory() && existsSync(join(root, readme))) found.push(readme);
    }
  }
  return found;
}
