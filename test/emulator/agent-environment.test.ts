import { SendCommandCommand } from '@aws-sdk/client-ssm';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForInvocation, withEmulator, type EmulatorHarness } from '../helpers/emulator.js';

describe('the script environment, as the agent sets it up', () => {
  let h: EmulatorHarness;
  let id: string;
  let defaultCwd: string;
  beforeAll(async () => {
    defaultCwd = mkdtempSync(path.join(tmpdir(), 'smsh-emu-cwd-'));
    h = await withEmulator({ invocationNotFoundMs: 0, defaultWorkingDirectory: defaultCwd });
    id = h.emu.instances[0]?.instanceId ?? '';
  });
  afterAll(async () => {
    await h.stop();
    rmSync(defaultCwd, { recursive: true, force: true });
  });

  async function run(commands: string[], extra: Record<string, string[]> = {}) {
    const sent = await h.ssm.send(
      new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [id], Parameters: { commands, ...extra } }),
    );
    const commandId = sent.Command?.CommandId ?? '';
    return { commandId, result: await waitForInvocation(h.ssm, commandId, id) };
  }

  it('runs the script with sh, which is dash on Debian', async () => {
    const { result } = await run(['readlink /proc/$$/exe']);
    expect(result.StandardOutputContent).toBe(`${realpathSync('/bin/sh')}\n`);
    if (existsSync('/etc/debian_version')) expect(result.StandardOutputContent).toBe('/usr/bin/dash\n');
  });

  it('runs the script in its own process group, led by the sh -c process', async () => {
    const { result } = await run(['echo "$(cut -d" " -f5 /proc/$$/stat) $PPID"']);
    const [pgid, parent] = (result.StandardOutputContent ?? '').trim().split(' ').map(Number);
    expect(pgid).toBe(parent);
    expect(pgid).not.toBe(process.pid);
    expect(pgid).not.toBe(Number(readFileSync('/proc/self/stat', 'utf8').split(' ')[4]));
  });

  it('gives the script /dev/null as stdin and separate pipes for stdout and stderr', async () => {
    const { result } = await run([
      'readlink /proc/$$/fd/0',
      'stat -L -c %F /proc/$$/fd/1 /proc/$$/fd/2',
      '[ "$(stat -L -c %i /proc/$$/fd/1)" != "$(stat -L -c %i /proc/$$/fd/2)" ] && echo separate',
      'cat',
    ]);
    expect(result.StandardOutputContent).toBe('/dev/null\nfifo\nfifo\nseparate\n');
  });

  it('lets the script reopen its outputs, as `tee /dev/stderr` needs (pipes, not sockets)', async () => {
    const { result } = await run(['echo both | tee /dev/stderr', 'echo direct >/dev/stdout']);
    expect(result).toMatchObject({ Status: 'Success', StandardOutputContent: 'both\ndirect\n', StandardErrorContent: 'both\n' });
  });

  it("adds the agent's variables to an allowlisted part of the emulator's environment", async () => {
    const { commandId, result } = await run([
      'echo "$SSM_COMMAND_ID|$AWS_SSM_INSTANCE_ID|$AWS_SSM_REGION_NAME|$AWS_SSM_PLATFORM_NAME|$AWS_SSM_PLATFORM_VERSION"',
      'echo "$PATH|$HOME"',
    ]);
    const instance = h.emu.instances[0];
    expect(result.StandardOutputContent).toBe(
      `${commandId}|${id}|us-east-1|${instance?.platformName}|${instance?.platformVersion}\n${process.env.PATH}|${process.env.HOME ?? ''}\n`,
    );
  });

  it("never passes the emulator user's AWS credentials or other variables to a script", async () => {
    const secrets = {
      AWS_SECRET_ACCESS_KEY: 'emulator-user-secret',
      AWS_ACCESS_KEY_ID: 'AKIAEMULATORUSER0000',
      AWS_SESSION_TOKEN: 'emulator-user-token',
      AWS_PROFILE: 'emulator-user-profile',
      SMSH_TEST_UNLISTED: 'unlisted',
      LC_SMSH_TEST: 'locale-ok',
    };
    const saved = Object.fromEntries(Object.keys(secrets).map((k) => [k, process.env[k]]));
    Object.assign(process.env, secrets);
    try {
      const { result } = await run(['env | cut -d= -f1 | sort', 'echo "LC=$LC_SMSH_TEST"']);
      const names = (result.StandardOutputContent ?? '').split('\n');
      for (const name of ['AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'SMSH_TEST_UNLISTED']) {
        expect(names).not.toContain(name);
      }
      expect(result.StandardOutputContent).not.toContain('emulator-user');
      expect(result.StandardOutputContent).toContain('LC=locale-ok\n');
      const allowed = /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|TZ|TMPDIR|LC_[A-Z_]+|SSM_COMMAND_ID|AWS_SSM_[A-Z_]+|PWD|OLDPWD|SHLVL|_|LC=.*|)$/;
      // sh itself may add PWD, OLDPWD, SHLVL, _; nothing else may appear.
      expect(names.filter((n) => !allowed.test(n))).toEqual([]);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('honours an absolute workingDirectory', async () => {
    const { result } = await run(['pwd'], { workingDirectory: [tmpdir()] });
    expect(result.StandardOutputContent).toBe(`${tmpdir()}\n`);
  });

  it("runs in the agent's own directory when workingDirectory is empty or relative", async () => {
    expect((await run(['pwd'])).result.StandardOutputContent).toBe(`${defaultCwd}\n`);
    expect((await run(['pwd'], { workingDirectory: ['relative/dir'] })).result.StandardOutputContent).toBe(`${defaultCwd}\n`);
  });

  it('fails without running anything when the absolute workingDirectory does not exist', async () => {
    const { result } = await run(['touch /tmp/should-not-exist-smsh'], { workingDirectory: ['/nonexistent/smsh'] });
    expect(result).toMatchObject({ Status: 'Failed', ResponseCode: 1 });
    expect(result.StandardErrorContent).toMatch(/^failed to run commands: fork\/exec \S*sh: no such file or directory$/);
  });

  it('writes the commands joined by newlines plus a final newline to _script.sh, mode 0700', async () => {
    const { commandId } = await run(['echo one', 'echo two']);
    const script = path.join(h.emu.stateDir, id, 'document', 'orchestration', commandId, 'awsrunShellScript', '0.awsrunShellScript', '_script.sh');
    expect(readFileSync(script, 'utf8')).toBe('echo one\necho two\n');
    expect(statSync(script).mode & 0o777).toBe(0o700);
  });

  it('keeps its state directory private (0700)', () => {
    expect(statSync(h.emu.stateDir).mode & 0o777).toBe(0o700);
  });
});
