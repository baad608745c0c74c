import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from './support/command';
import { publishEnvironment } from './support/environment';

const packagesDir = fileURLToPath(new URL('../packages/', import.meta.url));

/**
 * Packs the two published packages with `pnpm pack` (which rewrites `workspace:*` to versions, as `pnpm publish`
 * does) into a temporary folder outside the workspace, where the apps are created too. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const workDir = await mkdtemp(join(tmpdir(), 'fief-spa-consumer-'));
  try {
    publishEnvironment({
      workDir,
      coreTarball: await pack('core', workDir),
      reactTarball: await pack('react', workDir),
    });
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
  return () => rm(workDir, { recursive: true, force: true });
}

async function pack(name: string, destination: string): Promise<string> {
  const { stdout } = await runCommand('pnpm', ['pack', '--pack-destination', destination], {
    cwd: join(packagesDir, name),
  });
  const tarball = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((line) => line.trim().endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack printed no tarball for ${name}: ${stdout}`);
  return tarball.trim();
}
