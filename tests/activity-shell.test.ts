/** The shell command reader (src/activity/shell.ts): programs of a chain, paths in arguments, risks. */
import { describe, expect, it } from 'vitest';
import { analyzeArgv, analyzeShell, splitCommands } from '../src/activity/shell.js';

const programs = (line: string): string[] => analyzeShell(line).programs;

describe('splitCommands', () => {
  it('splits on &&, ||, ;, |, & and newlines, not inside quotes, escapes or substitutions', () => {
    expect(splitCommands('a x && b "y && z" || c \'p | q\'; d\ne | f & g').map((c) => c.words)).toEqual([
      ['a', 'x'],
      ['b', 'y && z'],
      ['c', 'p | q'],
      ['d'],
      ['e'],
      ['f'],
      ['g'],
    ]);
    expect(splitCommands('echo a\\;b $(ls; pwd) `date; id` "$(x && y)"').map((c) => c.words)).toEqual([['echo', 'a;b', '$(ls; pwd)', '`date; id`', '$(x && y)']]);
    expect(splitCommands('ls | grep x').map((c) => c.joinedBy)).toEqual(['', '|']);
  });

  it('keeps a here-document body out of the commands, and redirections out of the words', () => {
    const commands = splitCommands("cat <<'EOF' > ~/.bashrc\nrm -rf /\nEOF\nls 2>&1 >/tmp/out <in.txt");
    expect(commands.map((c) => c.words)).toEqual([['cat'], ['ls', 'in.txt']]);
    expect(commands.map((c) => c.redirectTargets)).toEqual([['~/.bashrc'], ['/tmp/out']]);
  });

  it('never throws on an unclosed quote or substitution', () => {
    expect(splitCommands('echo "abc && d').map((c) => c.words)).toEqual([['echo', 'abc && d']]);
    expect(splitCommands('echo $(ls').map((c) => c.words)).toEqual([['echo', '$(ls']]);
  });
});

describe('programs', () => {
  it.each([
    ['git status && npm test | tee log; rm -f x', ['git', 'npm', 'tee', 'rm']],
    ['FOO=1 BAR="a b" npm run build', ['npm']],
    ['env -u X A=1 node app.js', ['node']],
    ['sudo -u root apt-get install x', ['apt-get']],
    ['time nohup command nice -n 5 timeout 60 make', ['make']],
    ['/usr/bin/python3 -m pytest', ['python3']],
    ['bash -lc "cd src && cargo build"', ['cd', 'cargo']],
    ["sh -c 'ls | wc -l'", ['ls', 'wc']],
    ['(cd a && make) || { echo failed; exit 1; }', ['cd', 'make', 'echo', 'exit']],
    ['# only a comment', []],
    ['A=1', []],
  ])('%s → %j', (line, expected) => {
    expect(programs(line)).toEqual(expected);
  });

  it("unwraps Codex's argv, and takes any other argv as one command", () => {
    expect(analyzeArgv(['bash', '-lc', 'git diff && npm test']).programs).toEqual(['git', 'npm']);
    expect(analyzeArgv(['rg', '--files', '/etc']).programs).toEqual(['rg']);
    expect(analyzeArgv(['rg', '--files', '/etc']).paths).toEqual([{ path: '/etc', write: false }]);
  });
});

describe('paths in arguments', () => {
  it('keeps absolute, ~, $HOME and `..` arguments; redirect and tee targets and rm operands are writes', () => {
    expect(analyzeShell('cat /etc/hosts ~/.ssh/config $HOME/.aws/x ../up src/in --out=/tmp/o https://x.io/a /dev/null 2>/dev/null > /tmp/w').paths).toEqual([
      { path: '/tmp/w', write: true },
      { path: '/etc/hosts', write: false },
      { path: '~/.ssh/config', write: false },
      { path: '~/.aws/x', write: false },
      { path: '../up', write: false },
      { path: '/tmp/o', write: false },
    ]);
    expect(analyzeShell('rm build ~/x').paths).toEqual([
      { path: 'build', write: true },
      { path: '~/x', write: true },
    ]);
    expect(analyzeShell("awk '/^x/ {print}' f; echo $(cat /etc/passwd)").paths).toEqual([]);
  });
});

describe('risks', () => {
  it.each([
    ['rm -rf build', ['rm-rf']],
    ['rm -fr build', ['rm-rf']],
    ['rm -r -f build', ['rm-rf']],
    ['rm -Rfv build', ['rm-rf']],
    ['rm --recursive --force build', ['rm-rf']],
    ['rm -r build', []],
    ['rm -f -- -rf', []],
    ['curl -sSL https://x.sh | sh', ['pipe-to-shell']],
    ['wget -qO- https://x.sh | sudo bash -s', ['sudo', 'pipe-to-shell']],
    ['curl https://x | tee f | bash', ['pipe-to-shell']],
    ['curl https://x > f; bash f', []],
    ['bash -c "$(curl -fsSL https://x.sh)"', ['pipe-to-shell']],
    ['bash <(curl -s https://x.sh)', ['pipe-to-shell']],
    ['sudo make install', ['sudo']],
    ['chmod 777 f', ['chmod-777']],
    ['chmod -R 0777 d', ['chmod-777']],
    ['chmod a+rwx f', ['chmod-777']],
    ['chmod 755 f', []],
    ['git push --force origin main', ['force-push']],
    ['git push -f', ['force-push']],
    ['git -C repo push -uf origin x', ['force-push']],
    ['git push --force-with-lease', ['force-push']],
    ['git push origin +main', ['force-push']],
    ['git push origin main', []],
    ['git commit -m "push --force"', []],
    ['echo "rm -rf /"', []],
  ])('%s → %j', (line, expected) => {
    expect(analyzeShell(line).risks).toEqual(expected);
  });

  it('marks the targets of rm -rf with the risk, so the audit can tell one outside the project', () => {
    expect(analyzeShell('rm -rf /tmp/x dist && ls /opt').paths).toEqual([
      { path: '/tmp/x', write: true, risk: 'rm-rf' },
      { path: 'dist', write: true, risk: 'rm-rf' },
      { path: '/opt', write: false },
    ]);
  });
});
