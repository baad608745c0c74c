/** What the global setup hands to the test workers, which inherit its environment. */
export interface ConsumerEnvironment {
  /** A temporary folder outside the workspace: the tarballs and the apps live there. */
  workDir: string;
  coreTarball: string;
  reactTarball: string;
}

const names = {
  workDir: 'CONSUMER_WORK_DIR',
  coreTarball: 'CONSUMER_CORE_TARBALL',
  reactTarball: 'CONSUMER_REACT_TARBALL',
} as const satisfies Record<keyof ConsumerEnvironment, string>;

export function publishEnvironment(environment: ConsumerEnvironment): void {
  for (const [key, name] of Object.entries(names)) {
    process.env[name] = environment[key as keyof ConsumerEnvironment];
  }
}

export function readEnvironment(): ConsumerEnvironment {
  const read = (name: string): string => {
    const value = process.env[name];
    if (!value)
      throw new Error(`${name} is not set: run the suite with \`pnpm test:consumer\` (global setup)`);
    return value;
  };
  return {
    workDir: read(names.workDir),
    coreTarball: read(names.coreTarball),
    reactTarball: read(names.reactTarball),
  };
}
