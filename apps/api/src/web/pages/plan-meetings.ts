import { html, type Html } from '../html.js';
import { badge } from '../page-parts.js';
import type { WebContext } from '../web-context.js';
import type { DashboardData } from '../web-reads.js';
import { canWork } from './plan-lists.js';

/**
 * Upcoming meetings, and past ones with their attendance per stakeholder group and outcomes; a meeting whose
 * date has passed without a record offers the form to record it as held.
 */
export function meetingsSection(ctx: WebContext, data: DashboardData): Html {
  const { t, texts } = ctx;
  const now = data.at.toISOString();
  const meetings = data.state.meetings;
  const upcoming = meetings.filter((m) => m.status === 'scheduled' && m.scheduledFor >= now);
  const past = meetings.filter((m) => !upcoming.includes(m)).reverse();
  const work = canWork(ctx, data);
  return html`<section aria-labelledby="meetings-h">
    <h2 id="meetings-h">${t.meetings}</h2>
    <h3>${t.upcomingMeetings}</h3>
    ${
      upcoming.length === 0
        ? html`<p>${t.noUpcoming}</p>`
        : html`<ul class="meeting-list">
            ${upcoming.map(
              (m) =>
                html`<li>
                  <strong>${m.title}</strong> · ${t.meetingKind[m.kind] ?? m.kind} ·
                  ${texts.instant(m.scheduledFor)}${m.location ? ` · ${m.location}` : ''}
                </li>`,
            )}
          </ul>`
    }
    <h3>${t.pastMeetings}</h3>
    ${
      past.length === 0
        ? html`<p>${t.noPast}</p>`
        : html`<table class="meetings">
            <thead>
              <tr>
                <th scope="col">${t.title}</th>
                <th scope="col">${t.when}</th>
                <th scope="col">${t.status}</th>
                <th scope="col">${t.affected}</th>
                <th scope="col">${t.involved}</th>
                <th scope="col">${t.responsible}</th>
                <th scope="col">${t.outcomes}</th>
              </tr>
            </thead>
            <tbody>
              ${past.map(
                (m) =>
                  html`<tr>
                    <th scope="row">
                      ${m.title}<br /><span class="muted">${t.meetingKind[m.kind] ?? m.kind}</span>
                    </th>
                    <td>${m.heldOn ? texts.day(m.heldOn) : texts.instant(m.scheduledFor)}</td>
                    <td>
                      ${badge(m.status, t.meetingStatus[m.status])}${
                        m.status === 'scheduled'
                          ? work
                            ? html` <a class="action" href="/meetings/${m.meetingId}/held"
                                >${t.recordHeld}<span class="visually-hidden"> – ${m.title}</span></a
                              >`
                            : html` <span class="muted">${t.notRecorded}</span>`
                          : ''
                      }
                    </td>
                    <td>${m.attendance?.affected ?? '–'}</td>
                    <td>${m.attendance?.involved ?? '–'}</td>
                    <td>${m.attendance?.responsible ?? '–'}</td>
                    <td>
                      ${
                        m.outcomes.length > 0
                          ? html`<ul class="compact">
                              ${m.outcomes.map((o) => html`<li>${o}</li>`)}
                            </ul>`
                          : (m.cancelReason ?? '–')
                      }
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}
