import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildServer } from '../../src/web/server';
import { TEST_PASSWORD, type TestApp } from './app';

export async function createTestServer(app: TestApp, options: { signInAttemptsPerMinute?: number } = {}): Promise<FastifyInstance> {
  const server = await buildServer({
    deps: app.deps,
    sessionSecret: 'test-secret-that-is-long-enough-for-signing-cookies',
    // Every injected request comes from one address: the per-address limit has its own test.
    signInAttemptsPerMinute: options.signInAttemptsPerMinute ?? 10_000,
    // Templates compiled once, as in production: tests render many pages.
    production: true,
  });
  await server.ready();
  return server;
}

/** A browser-like session against an injected server: keeps cookies, reads CSRF tokens from forms. */
export class WebSession {
  cookies = new Map<string, string>();
  lastCsrf: string | undefined;
  constructor(readonly server: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.lastCsrf = m[1];
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.server.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } });
    this.remember(res);
    return res;
  }

  async post(url: string, form: Record<string, string>, options: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams(form);
    if (options.csrf !== false && this.lastCsrf && !('_csrf' in form)) body.set('_csrf', this.lastCsrf);
    const res = await this.server.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.remember(res);
    return res;
  }

  async signIn(username: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    return this.post('/sign-in', { username, password });
  }
}

export function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}
