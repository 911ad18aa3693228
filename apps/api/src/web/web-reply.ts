import type { FastifyReply } from 'fastify';
import type { Html } from './html.js';

/** Pages may hold names and change with every event: never cached, and different per session and language. */
export function sendPage(reply: FastifyReply, page: Html, status = 200): void {
  void reply
    .status(status)
    .header('Content-Type', 'text/html; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .header('Vary', 'Cookie')
    .send(page.value);
}

/** POST-redirect-GET: 303 so that a reload does not send the form again. */
export function seeOther(reply: FastifyReply, location: string): void {
  void reply.redirect(location, 303);
}

/** Only a path on this site, so that "come back after sign-in" cannot send anyone elsewhere. */
export function localPath(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : fallback;
}
