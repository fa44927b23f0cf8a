/**
 * The one sentence a start-up failure to listen prints (the CLI writes it to stderr and exits 1):
 * which address, what is wrong, what to change. Never "running" while another process answers.
 */
export function describeListenError(error: unknown, host: string, port: number): Error {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const where = `port ${port} on ${host}`;
  switch (code) {
    case 'EADDRINUSE':
      return new Error(`ClientHub cannot start because ${where} is already in use by another process (stop it or set PORT to a free port).`);
    case 'EACCES':
      return new Error(`ClientHub cannot start because it may not listen on ${where} (ports below 1024 need privileges; set PORT to 1024 or above).`);
    case 'EADDRNOTAVAIL':
      return new Error(`ClientHub cannot start because ${host} is not an address of this machine (check HOST).`);
    default:
      return new Error(`ClientHub cannot start because listening on ${where} failed: ${error instanceof Error ? error.message : String(error)}.`);
  }
}
