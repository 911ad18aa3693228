/** A small HTTP client for the command API, used by the demo loader; errors show the problem+json answer. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private token: string,
  ) {}

  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async post<T = { id?: string; revision: number; position: number }>(
    path: string,
    body: unknown = {},
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  async get<T = unknown>(path: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${this.token}` },
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }
}

/** day and instant below, handed to the demo's loaders. */
export interface Dates {
  day(offsetDays: number): string;
  instant(offsetDays: number, hour?: number): string;
}

/** The demo municipality's calendar (en-CA writes YYYY-MM-DD). */
const BERLIN_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' });

/**
 * A calendar day relative to today in Berlin, so the demo plan always looks alive. Berlin's, not UTC's:
 * the api judges "not in the future" by the municipality's day, which between 23:00 and 24:00 UTC (22:00
 * in summer) is already tomorrow.
 */
export function day(offsetDays: number): string {
  const date = new Date(`${BERLIN_DAY.format(new Date())}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + offsetDays);
  return date.toISOString().slice(0, 10);
}

/** `hour` o'clock in Berlin (taken as UTC+1) on day(offsetDays). */
export function instant(offsetDays: number, hour = 18): string {
  const date = new Date(`${day(offsetDays)}T00:00:00.000Z`);
  date.setUTCHours(hour - 1, 0, 0, 0);
  return date.toISOString();
}
