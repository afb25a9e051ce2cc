import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, hashTree, runCli, tempDir } from './helpers.js';

/** A home whose Claude folder holds fixtures/activity/claude/basic, and a link to that folder. */
function home(): { home: string; claude: string; link: string } {
  const dir = tempDir('usage-outfile-');
  const claude = path.join(dir, '.claude');
  cpSync(fixture('activity', 'claude', 'basic'), claude, { recursive: true });
  const link = path.join(dir, 'elsewhere');
  symlinkSync(claude, link);
  return { home: dir, claude, link };
}

describe('a file the user names is never written into an agent folder', () => {
  it.each([
    ['report --html', (file: string) => ['report', '--html', file]],
    ['export --output', (file: string) => ['export', '--output', file]],
  ])('%s refuses the Claude folder, a link to it, and a --source folder; writes beside them', async (_name, args) => {
    const h = home();
    const other = tempDir('usage-outfile-src-');
    cpSync(fixture('devices', 'desktop-claude'), other, { recursive: true });
    const before = [hashTree(h.claude), hashTree(other)];
    const env = { HOME: h.home, CLAUDE_CONFIG_DIR: undefined };
    for (const [file, shown] of [
      [path.join(h.claude, 'projects', 'out.html'), h.claude],
      [path.join(h.link, 'out.html'), h.claude],
      [path.join(other, 'projects', 'x', 'out.html'), path.join(other)],
    ] as const) {
      const r = await runCli([...args(file), '--source', `desk=${other}`], env);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`refusing to write ${file}: it is inside ${shown}`);
      expect(existsSync(file)).toBe(false);
    }
    expect([hashTree(h.claude), hashTree(other)]).toEqual(before);

    const beside = path.join(h.home, 'out', 'report.html');
    mkdirSync(path.dirname(beside));
    const ok = await runCli([...args(beside), '--source', `desk=${other}`], env);
    expect(ok.code).toBe(0);
    expect(readdirSync(path.dirname(beside))).toEqual(['report.html']);
  });
});
