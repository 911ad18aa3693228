import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { EVENT_STORE } from '@app/ops';
import type { EventStore } from '@app/event-store';
import { startTestApp, type TestApp } from '../support/api-app.js';

describe('operations endpoints of the api', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers liveness and readiness naming each dependency', async () => {
    await request(t.app.getHttpServer()).get('/health/live').expect(200);
    const res = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'up',
      dependencies: { eventStore: { status: 'up', kind: 'sqlite', required: true } },
    });
  });

  it('keeps the caller’s correlation id and makes one when there is none or it is unsafe', async () => {
    const kept = await request(t.app.getHttpServer()).get('/health/live').set('X-Correlation-Id', 'req-42');
    expect(kept.headers['x-correlation-id']).toBe('req-42');
    const made = await request(t.app.getHttpServer()).get('/health/live');
    expect(made.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await request(t.app.getHttpServer())
      .get('/health/live')
      .set('X-Correlation-Id', '<script>alert(1)</script>');
    expect(unsafe.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exposes Prometheus metrics for requests and event store appends', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    await store.append('plan-metrics', [{ type: 'PlanDrafted', data: {} }], {
      expectedRevision: 'no_stream',
    });
    await request(t.app.getHttpServer()).get('/health/live');
    const res = await request(t.app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/health\/live"[^}]*\} \d+/);
    expect(res.text).toMatch(/event_store_appends_total\{[^}]*outcome="ok"[^}]*\} 1/);
    expect(res.text).toContain('process_resident_memory_bytes');
  });

  it('reports the event store down with 503 when it cannot answer', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const ping = store.ping.bind(store);
    (store as { ping: () => Promise<void> }).ping = () => Promise.reject(new Error('disk gone'));
    try {
      const res = await request(t.app.getHttpServer()).get('/health/ready').expect(503);
      expect(res.body).toMatchObject({
        status: 'down',
        dependencies: { eventStore: { status: 'down', error: 'disk gone' } },
      });
    } finally {
      (store as { ping: () => Promise<void> }).ping = ping;
    }
  });
});
