/** What a person running the CLI reads when the configuration or an argument is wrong: one plain message, no zod issue JSON, no stack. */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'clienthub-cli-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, env: { ...process.env, CLIENTHUB_DATA_DIR: dir, CLIENTHUB_SECRET_KEY: 'cli-errors-secret-key-0123456789abcdef', ...env }, timeout: 60_000 }, (error, _stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

const RAW = /ZodError|"code"\s*:|^\s+at /m;

describe('CLI errors', () => {
  it('staff add notanemail owner: one sentence', async () => {
    const { code, stderr } = await cli(['staff', 'add', 'notanemail', 'owner'], {});
    expect(code).not.toBe(0);
    expect(stderr.trim()).toBe('"notanemail" is not an email address; give the staff member\'s email, e.g. alex@example.com');
  });

  it('a broken config file: its name and the place of the fault', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "port": 3000 "dataDir": "x" }');
    const { code, stderr } = await cli(['staff', 'add', 'a@b.example', 'owner'], { CLIENTHUB_CONFIG: file });
    expect(code).not.toBe(0);
    expect(stderr).toContain(`Config file ${file} is not valid JSON`);
    expect(stderr).toMatch(/line 1, column 16/);
    expect(stderr).not.toMatch(RAW);
  });

  it('unknown config keys: listed by name, not as issue JSON', async () => {
    const file = join(dir, 'unknown.json');
    writeFileSync(file, JSON.stringify({ pollIntervalSecs: 60 }));
    const { stderr } = await cli(['staff', 'add', 'a@b.example', 'owner'], { CLIENTHUB_CONFIG: file });
    expect(stderr).toContain(`Config file ${file} has settings the hub cannot use`);
    expect(stderr).toMatch(/Unrecognized key: "pollIntervalSecs"/);
    expect(stderr).not.toMatch(RAW);
  });
});
