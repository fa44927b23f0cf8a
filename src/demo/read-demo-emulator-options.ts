import type { DemoEmulatorOptions } from '../connector-kit/demo-emulator.js';

/**
 * A demo emulator's options from the environment, by the provider's name alone:
 * `<PROVIDER>_EMULATOR_PORT` (unset or 0: any free port) and `<PROVIDER>_EMULATOR_429_EVERY`
 * (unset, empty or 0: off; N ≥ 2: every Nth API call gets the provider's own rate-limit answer).
 */
export function readDemoEmulatorOptions(provider: string, env: Record<string, string | undefined> = process.env): Pick<DemoEmulatorOptions, 'port' | 'rateLimitEvery'> {
  const prefix = `${provider.toUpperCase().replace(/-/g, '_')}_EMULATOR`;
  const portName = `${prefix}_PORT`;
  const portText = env[portName];
  const port = portText === undefined || portText === '' ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${portName} must be a port number (0 or unset: any free port), got "${portText}"`);

  const everyName = `${prefix}_429_EVERY`;
  const everyText = env[everyName];
  if (everyText === undefined || everyText === '') return { port };
  const every = Number(everyText);
  if (!Number.isInteger(every) || (every !== 0 && every < 2)) throw new Error(`${everyName} must be a whole number of 2 or more (0: off), got "${everyText}"`);
  return { port, rateLimitEvery: every === 0 ? undefined : every };
}
