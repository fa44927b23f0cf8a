/**
 * HTTP without supertest: serve a request handler on an ephemeral port and talk to it with
 * global fetch, keeping one cookie jar per "browser" and never following redirects, so tests
 * see every 303 and Set-Cookie the portal sends.
 */
import { createServer, type RequestListener, type Server } from 'node:http';

export interface ServedHttp {
  baseUrl: string;
  server: Server;
  close(): Promise<void>;
}

export async function serveHttp(handler: RequestListener): Promise<ServedHttp> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface PortalResponse {
  status: number;
  headers: Headers;
  location: string | null;
  setCookies: string[];
  text: string;
}

export class PortalHttpClient {
  /** name → value of the cookies this client holds. */
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  get(path: string, headers: Record<string, string> = {}): Promise<PortalResponse> {
    return this.request(path, { method: 'GET', headers });
  }

  postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<PortalResponse> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  async request(path: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<PortalResponse> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: init.method,
      headers: { ...(cookie ? { cookie } : {}), ...init.headers },
      body: init.body,
      redirect: 'manual',
    });
    const setCookies = response.headers.getSetCookie();
    for (const header of setCookies) this.store(header);
    return { status: response.status, headers: response.headers, location: response.headers.get('location'), setCookies, text: await response.text() };
  }

  private store(header: string): void {
    const [pair = '', ...attributes] = header.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}
