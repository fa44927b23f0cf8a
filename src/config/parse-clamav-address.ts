/** clamd's default TCP port (clamd.conf TCPSocket). */
export const CLAMAV_DEFAULT_PORT = 3310;

/**
 * CLAMAV_HOST as a host and port: `host`, `host:port`, `[ipv6]`, `[ipv6]:port`, or a bare IPv6
 * address (more than one colon, so no port can be told from it: 3310). Anything else is an error
 * naming the variable, raised when the configuration is read, not at the first upload.
 */
export function parseClamavAddress(value: string): { host: string; port: number } {
  const text = value.trim();
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(text);
  const colons = text.split(':').length - 1;
  const [host, portText] = bracketed ? [bracketed[1]!, bracketed[2]] : colons === 1 ? text.split(':') : [text, undefined];
  const port = portText === undefined ? CLAMAV_DEFAULT_PORT : Number(portText);
  if (!host || /[\s/[\]]/.test(host) || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`CLAMAV_HOST must be host, host:port, [IPv6 address] or [IPv6 address]:port (port 1–65535), got "${value}"`);
  }
  return { host, port };
}
