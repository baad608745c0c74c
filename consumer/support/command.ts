import { spawn } from 'node:child_process';

/** What a finished command printed. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion and resolves with its output; rejects with the command line, exit code and the
 * head of its output when it exits non-zero, so that the failing step reads as the test failure.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) return resolve({ stdout, stderr });
      // The head: compilers and bundlers print the error first and their own stack trace after it.
      const head = `${stdout}\n${stderr}`.trim().split('\n').slice(0, 60).join('\n');
      reject(
        new Error(
          `\`${command} ${args.join(' ')}\` exited with ${code ?? signal} in ${options.cwd}:\n${head}`,
        ),
      );
    });
  });
}
