/**
 * A provider's emulator as the demo (`npm run demo`) and the fault suite run it: one entry point
 * per provider, `connectors/<provider>/emulator/demo.ts`, default-exporting a DemoEmulator. The
 * demo finds them by that folder convention; production code never imports an emulator, and the
 * production build (tsconfig.build.json) leaves every emulator/ and testing/ folder out.
 */
export interface DemoEmulator {
  provider: string;
  /**
   * 'crm': a CRM the demo can win a deal in (`clienthub demo --crm <provider>`; one runs at a
   * time); 'source': everything else (accounting, payments, projects), started beside it.
   */
  role: 'crm' | 'source';
  /** The CRM the demo runs when `--crm` names none; one CRM says so (if none does, the first by name). */
  defaultCrm?: boolean;
  start(options: DemoEmulatorOptions): Promise<RunningDemoEmulator>;
}

export interface DemoEmulatorOptions {
  /** 0: any free port. */
  port: number;
  /** Answer every Nth API call with the provider's 429 (`<PROVIDER>_EMULATOR_429_EVERY`); undefined: never. */
  rateLimitEvery?: number;
  /** CRMs: start with the demo deal already won (the console demo, where connecting the CRM is what provisions its client). */
  dealAlreadyWon?: boolean;
}

export interface RunningDemoEmulator {
  url: string;
  /** One line for the demo's output: where it runs and what it holds. */
  describe: string;
  /** The hub's environment for a connection defined by environment variables, synced at once. */
  env: Record<string, string>;
  /** The hub's environment for connecting from the console instead: endpoints and the OAuth app's keys, no account. */
  oauthEnv: Record<string, string>;
  /** How staff connect it in the console demo, e.g. "OAuth: the emulator grants at once" or which test key to paste. */
  consoleHint?: string;
  /** CRMs: wins the demo deal in the emulator and pushes the provider's notification to the hub; says what happened. */
  winDeal?(hub: { postTo: string; publicUrl: string }): Promise<string>;
  close(): Promise<void>;
}
