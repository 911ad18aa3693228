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

/** A calendar day relative to today, so the demo plan always looks alive. */
export function day(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export function instant(offsetDays: number, hour = 18): string {
  const date = new Date(Date.now() + offsetDays * 86_400_000);
  date.setUTCHours(hour - 1, 0, 0, 0);
  return date.toISOString();
}
