import { readFile } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../security';
import { rendererFilePath } from './window-options';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Sent with every answer, errors included, so no page of ours ever runs without the CSP. */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const answer = (status: number, body: BodyInit | null, contentType: string) =>
  new Response(body, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Cache-Control': 'no-cache' } });

/** The app:// handler: the built renderer's files, read-only, nothing outside its folder. */
export function serveRenderer(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'Method not allowed', 'text/plain');
    const file = rendererFilePath(request.url, rendererDir, join, sep);
    if (!file) return answer(404, 'Not found', 'text/plain');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return answer(404, 'Not found', 'text/plain');
    }
    return answer(
      200,
      request.method === 'HEAD' ? null : new Uint8Array(body),
      MIME[extname(file)] ?? 'application/octet-stream',
    );
  };
}
