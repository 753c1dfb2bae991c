import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { channels } from '../../shared/contract';
import { can } from '../../shared/permissions';
import type { App } from '../app';
import { CONTENT_SECURITY_POLICY } from '../security';

/** The web host's one transport connection: every tab holding this launch's token shares its session. */
export const WEB_CONNECTION = 'web';

export interface WebHostOptions {
  app: App;
  /** Built renderer (index.html + assets). */
  rendererDir: string;
  port?: number;
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string;
}

export interface WebHost {
  url: string;
  /** The address to open: the token travels in the fragment, never to a server log or a Referer. */
  launchUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';
/** 7507: the +507 of the demo store's country, rarely taken. */
export const DEFAULT_WEB_PORT = 7507;
const MAX_BODY_BYTES = 1024 * 1024;

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/**
 * The same handler table as the Electron window, served on loopback only,
 * behind a per-launch token and Origin/Host checks.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const server: FastifyInstance = Fastify({ logger: false, bodyLimit: MAX_BODY_BYTES });
  // Known once listening; until then nothing is allowed.
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const tokenMatches = (given: string | undefined): boolean => {
    if (!given) return false;
    const bytes = Buffer.from(given);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  server.addHook('onRequest', async (request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    // DNS rebinding: a page on another name that resolves here gets nothing.
    if (!allowedHosts.has(request.headers.host ?? '')) return reply.code(403).send({ ok: false, error: forbidden('Host') });
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      return reply.code(403).send({ ok: false, error: forbidden('Origin') });
    }
  });

  server.setErrorHandler((error: { statusCode?: number }, _request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    const code = status === 413 || status === 400 || status === 415 ? 'VALIDATION' : 'INTERNAL';
    reply
      .code(status)
      .send({ ok: false, error: { code, message: status === 413 ? 'The request is too large.' : 'Malformed request.' } });
  });

  const authorised = (reply: FastifyReply, given: string | undefined): boolean => {
    if (tokenMatches(given)) return true;
    reply
      .code(401)
      .send({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Open Clientela from the address it printed.' } });
    return false;
  };

  server.post<{ Params: { channel: string }; Body: unknown }>('/api/:channel', async (request, reply) => {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!authorised(reply, bearer)) return reply;
    // Only the browser's own fetch carries an Origin; refuse simple cross-site form posts too.
    if (request.headers.origin === undefined) return reply.code(403).send({ ok: false, error: forbidden('Origin') });
    const body = request.body as { input?: unknown } | null;
    const input = body && typeof body === 'object' && !Array.isArray(body) ? body.input : undefined;
    return options.app.call(request.params.channel, input, WEB_CONNECTION);
  });

  server.get<{ Querystring: { token?: string } }>('/api/events', (request, reply) => {
    if (!authorised(reply, request.query.token)) return reply;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    const off = options.app.events.onAny((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      off();
    });
  });

  // A finished CSV export (or an import's report), streamed from disk: a million rows never sit in memory.
  server.get<{ Params: { id: string }; Querystring: { token?: string } }>('/api/jobs/:id/file', (request, reply) => {
    if (!authorised(reply, request.query.token)) return reply;
    // The token alone lets a plain link download; the same role check as csv.job guards the data.
    const session = options.app.auth.session(WEB_CONNECTION, { touch: true });
    if (!session || !can(session.role, channels['csv.job'].permission)) {
      return reply.code(403).send({ ok: false, error: { code: 'FORBIDDEN', message: 'Your role does not allow this.' } });
    }
    const file = options.app.csvJobs.file(request.params.id);
    if (!file)
      return reply.code(404).send({ ok: false, error: { code: 'NOT_FOUND', message: 'This file is not ready or has expired.' } });
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`)
      .header('Cache-Control', 'no-store')
      .send(createReadStream(file.path));
  });

  if (existsSync(options.rendererDir)) {
    await server.register(fastifyStatic, { root: options.rendererDir, index: 'index.html', cacheControl: false });
  }

  await server.listen({ host: LOOPBACK, port: options.port ?? 0 });
  const port = (server.server.address() as AddressInfo).port;
  allowedHosts = new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://${LOOPBACK}:${port}`, `http://localhost:${port}`]);
  const url = `http://${LOOPBACK}:${port}`;
  return {
    url,
    launchUrl: `${url}/#token=${token}`,
    token,
    port,
    close: async () => {
      server.server.closeAllConnections();
      await server.close();
    },
  };
}

function forbidden(what: string) {
  return { code: 'FORBIDDEN' as const, message: `Request refused: unexpected ${what}.` };
}
