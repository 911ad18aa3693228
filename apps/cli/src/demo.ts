/**
 * `npm run demo`: fills a running api with a living sample municipality through the command API, as a
 * coordinator and a contributor would: a masterplan with the seed's theme fields, goals with indicators,
 * measures in every status, dialogue events held with attendance, decisions and partners.
 *
 *   npm run demo -- [--url http://127.0.0.1:3000] [--admin-token <token>]   (or DEMO_URL / ADMIN_TOKEN)
 */
import { parseArgs } from 'node:util';
import { ApiClient, day, instant } from './demo-client.js';
import { loadDemoPlan } from './demo-plan.js';

const { values } = parseArgs({
  options: { url: { type: 'string' }, 'admin-token': { type: 'string' } },
});
// the demo is a developer tool run beside the service, not part of it: it takes its two settings directly
const url = values.url ?? process.env.DEMO_URL ?? 'http://127.0.0.1:3000';
const adminToken = values['admin-token'] ?? process.env.ADMIN_TOKEN;
if (!adminToken) {
  process.stderr.write(
    'npm run demo needs the admin token: the one `npm start` printed on its first start, or ADMIN_TOKEN.\n' +
      '  npm run demo -- --admin-token <token>\n',
  );
  process.exit(2);
}

const admin = new ApiClient(url, adminToken);
const slug = `beispielstadt-${day(0).replace(/-/g, '')}-${Math.floor(Math.random() * 1e4)}`;
const municipality = await admin.post('/api/municipalities', { name: 'Stadt Beispielstadt', slug });
const municipalityId = municipality.id!;
const member = (displayName: string, role: string) =>
  admin.post<{ memberId: string; token: string }>(`/api/municipalities/${municipalityId}/members`, {
    displayName,
    role,
  });
const coordinator = await member('Integrationsbeauftragte (Demo)', 'coordinator');
const contributor = await member('Verein Miteinander e. V. (Demo)', 'contributor');
const auditor = await member('Rechnungsprüfungsamt (Demo)', 'auditor');
const viewer = await member('Gemeinderat (Demo)', 'viewer');

const planId = await loadDemoPlan(
  admin.as(coordinator.token),
  admin.as(contributor.token),
  { coordinatorId: coordinator.memberId, contributorId: contributor.memberId },
  { day, instant },
);

process.stdout.write(
  [
    '',
    `Demo municipality "Stadt Beispielstadt" (${slug}) with a living masterplan is loaded.`,
    `  api:          ${url}`,
    `  plan:         ${url}/api/plans/${planId}`,
    `  dashboard:    ${url}/api/plans/${planId}/dashboard`,
    `  web page:     ${url}/plans/${planId}`,
    '',
    'Tokens of the demo members (shown once):',
    `  coordinator:  ${coordinator.token}`,
    `  contributor:  ${contributor.token}`,
    `  auditor:      ${auditor.token}`,
    `  viewer:       ${viewer.token}`,
    '',
  ].join('\n'),
);
