import { spawn } from 'node:child_process';
import kleur from 'kleur';

/** The program that opens a file with the user's default application, per platform. */
export function openerFor(platform: NodeJS.Platform, file: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [file] };
  // `start` is a shell built-in; its first quoted argument is a window title.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', `"${file}"`] };
  return { command: 'xdg-open', args: [file] };
}

/** Starts the opener without waiting for it; resolves to an error message when it could not be started. */
export function openFile(file: string): Promise<string | undefined> {
  const { command, args } = openerFor(process.platform, file);
  return new Promise((resolve) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsVerbatimArguments: process.platform === 'win32' });
    child.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ENOENT' ? `${command} was not found` : err.message));
    child.once('spawn', () => {
      child.unref();
      resolve(undefined);
    });
  });
}

/** `--open`: opens the written page; a failure is a warning, the page is written all the same. */
export async function openWritten(file: string): Promise<void> {
  const problem = await openFile(file);
  if (problem) process.stderr.write(kleur.yellow(`warning: could not open the page (${problem}); it is at ${file}\n`));
}
