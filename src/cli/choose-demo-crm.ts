import type { DemoEmulator } from '../connector-kit/demo-emulator.js';
import { UsageError } from './cli-output.js';

/**
 * The CRM `clienthub demo` runs: `--crm <provider>`, or the deprecated `--<provider>` (the old
 * one-CRM flag), accepted for any CRM that has a demo emulator and named as deprecated; neither:
 * undefined, the demo's default CRM. Anything else left on the command line is a usage error.
 */
export function chooseDemoCrm(input: { crm?: string; leftover: string[]; emulators: DemoEmulator[]; warn(message: string): void }): string | undefined {
  const crms = input.emulators.filter((emulator) => emulator.role === 'crm').map((emulator) => emulator.provider);
  const choices = `the CRMs with a demo emulator: ${crms.join(', ')}`;
  let chosen = input.crm;
  for (const arg of input.leftover) {
    const alias = /^--([a-z0-9-]+)$/.exec(arg)?.[1];
    if (alias === undefined || !crms.includes(alias)) throw new UsageError(`demo: unknown option or argument "${arg}" (--crm <provider> chooses among ${choices})`);
    if (chosen !== undefined && chosen !== alias) throw new UsageError(`demo: two CRMs named (${chosen} and ${alias}): choose one with --crm <provider>`);
    input.warn(`${arg} is deprecated: use --crm ${alias}`);
    chosen = alias;
  }
  if (chosen !== undefined && !crms.includes(chosen)) throw new UsageError(`demo: --crm ${chosen} has no demo emulator; ${choices}`);
  return chosen;
}
