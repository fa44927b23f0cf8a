import type { ConnectorRegistry } from '../connector-kit/registry.js';
import type { DemoEmulator, RunningDemoEmulator } from '../connector-kit/demo-emulator.js';
import { readDemoEmulatorOptions } from './read-demo-emulator-options.js';

export interface StartedDemoEmulator {
  provider: string;
  displayName: string;
  running: RunningDemoEmulator;
}

export interface DemoEmulators {
  crm: StartedDemoEmulator;
  sources: StartedDemoEmulator[];
  /** One line per emulator: where it runs and what it holds. */
  describe: string[];
  /**
   * The hub's environment: every provider's environment credentials cleared (an account in the
   * shell's environment must not join the demo), then the emulators' own.
   */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the chosen CRM's emulator and every 'source' emulator beside it (accounting, payments,
 * projects), seeded with the same client companies. 'tokens': each defines a connection by
 * environment, synced at once. 'oauth': only endpoints and the apps' keys, so staff connect each
 * account from the console as they would a real one.
 */
export async function startDemoEmulators(input: {
  emulators: DemoEmulator[];
  crm: string;
  mode: 'tokens' | 'oauth';
  registry: ConnectorRegistry;
  dealAlreadyWon?: boolean;
  env?: Record<string, string | undefined>;
}): Promise<DemoEmulators> {
  const chosen = input.emulators.filter((emulator) => emulator.role === 'source' || emulator.provider === input.crm);
  const crmEmulator = chosen.find((emulator) => emulator.role === 'crm');
  if (!crmEmulator) throw new Error(`No CRM demo emulator "${input.crm}" (connectors/${input.crm}/emulator/demo.ts)`);
  // Every emulator's options are checked before any starts: a bad variable starts nothing.
  const options = new Map(chosen.map((emulator) => [emulator.provider, readDemoEmulatorOptions(emulator.provider, input.env)]));
  const settled = await Promise.allSettled(
    chosen.map(async (emulator): Promise<StartedDemoEmulator> => ({
      provider: emulator.provider,
      displayName: input.registry.has(emulator.provider) ? input.registry.get(emulator.provider).displayName : emulator.provider,
      running: await emulator.start({ ...options.get(emulator.provider)!, dealAlreadyWon: emulator.role === 'crm' && Boolean(input.dealAlreadyWon) }),
    })),
  );
  const started = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = settled.findIndex((result) => result.status === 'rejected');
  if (failed >= 0) {
    await Promise.allSettled(started.map((emulator) => emulator.running.close()));
    const reason = (settled[failed] as PromiseRejectedResult).reason as unknown;
    throw new Error(`The ${chosen[failed]!.provider} demo emulator did not start: ${reason instanceof Error ? reason.message : String(reason)}`, { cause: reason });
  }
  const crm = started.find((emulator) => emulator.provider === crmEmulator.provider)!;
  const sources = started.filter((emulator) => emulator !== crm);
  const cleared = Object.fromEntries(
    input.registry.all().flatMap((connector) => [connector.environment.token, connector.environment.refresh].filter((name): name is string => Boolean(name)).map((name) => [name, ''])),
  );
  return {
    crm,
    sources,
    describe: [crm, ...sources].map((emulator) => emulator.running.describe),
    env: Object.assign(cleared, ...[crm, ...sources].map((emulator) => (input.mode === 'tokens' ? emulator.running.env : emulator.running.oauthEnv))) as Record<string, string>,
    async close() {
      await Promise.all(started.map((emulator) => emulator.running.close()));
    },
  };
}

/** The CRM the demo runs when none is named: the one that says it is the default, else the first by name. */
export function defaultDemoCrm(emulators: DemoEmulator[]): string | undefined {
  const crms = emulators.filter((emulator) => emulator.role === 'crm');
  return (crms.find((emulator) => emulator.defaultCrm) ?? crms[0])?.provider;
}
