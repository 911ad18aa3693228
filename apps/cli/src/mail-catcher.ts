/**
 * `npm run mail-catcher`: a local SMTP server that prints every mail it receives, so that a coordinator can see
 * reminders arrive without a real mail server. Start the service with SMTP_URL=smtp://127.0.0.1:1025.
 *
 *   npm run mail-catcher -- [--port 1025]
 */
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';

const { values } = parseArgs({ options: { port: { type: 'string', default: '1025' } } });
const port = Number(values.port);

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    let raw = '';
    stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    stream.on('end', () => {
      const header = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(raw)?.[1]?.trim() ?? '';
      const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
      process.stdout.write(
        `\n--- mail for ${to}\nSubject: ${header('Subject')}\nMessage-ID: ${header('Message-ID')}\n\n${raw
          .split(/\r?\n\r?\n/)
          .slice(1)
          .join('\n\n')}\n`,
      );
      callback();
    });
  },
});
server.listen(port, '127.0.0.1', () =>
  process.stdout.write(`mail catcher listening on smtp://127.0.0.1:${port}\n`),
);
process.once('SIGINT', () => server.close(() => process.exit(0)));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
