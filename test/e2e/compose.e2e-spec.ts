import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';

/** `docker compose` (v2) where it exists, else the older `docker-compose`; undefined where neither does. */
function composeCommand(): string[] | undefined {
  if (spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0)
    return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0) return ['docker-compose'];
  return undefined;
}

const compose = composeCommand();
const env = { PATH: process.env.PATH ?? '', ADMIN_TOKEN: 'compose-check-admin-token-0123456789' };

/** No engine runs here, but the compose client validates the files as a person with Docker would use them. */
describe('the production stack files', () => {
  if (!compose) {
    it.skip('SKIPPED: neither `docker compose` nor `docker-compose` is installed here', () => undefined);
    return;
  }

  it.each([['docker-compose.yml'], ['docker-compose.cluster.yml']])(
    '%s is accepted by compose config',
    (file) => {
      const [command, ...args] = compose;
      const result = spawnSync(command!, [...args, '-f', file, 'config'], { encoding: 'utf8', env });
      expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({
        status: 0,
        stderr: expect.any(String),
      });
      expect(result.stdout).toContain('noeviction');
      expect(result.stdout).toMatch(/EVENT_STORE: esdb/);
    },
  );

  it('refuses to start without an admin token instead of making one in a container log', () => {
    const [command, ...args] = compose;
    const result = spawnSync(command!, [...args, '-f', 'docker-compose.yml', 'config'], {
      encoding: 'utf8',
      env: { PATH: env.PATH },
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('ADMIN_TOKEN');
  });
});
