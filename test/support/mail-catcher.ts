import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string[];
  raw: string;
  header(name: string): string | undefined;
}

/** A real SMTP server on 127.0.0.1, as a coordinator's mail catcher would be. */
export async function startMailCatcher(): Promise<{
  url: string;
  mails: CaughtMail[];
  close(): Promise<void>;
}> {
  const mails: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        mails.push({
          to,
          raw,
          header: (name) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(raw)?.[1]?.trim(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface CaughtHook {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local webhook receiver that answers 204, or `failWith` while set. */
export async function startHookReceiver() {
  const hooks: CaughtHook[] = [];
  const control = { failWith: 0 };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      hooks.push({ headers: request.headers, body });
      response.statusCode = control.failWith || 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    hooks,
    control,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
