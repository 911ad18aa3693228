import { createHmac, timingSafeEqual } from 'node:crypto';

/** Scheme of the signature header: `X-Ledger-Signature: v1=<hex HMAC-SHA256 over "<timestamp>.<raw body>">`. */
export const WEBHOOK_SIGNATURE_VERSION = 'v1';
export const WEBHOOK_TIMESTAMP_HEADER = 'X-Ledger-Timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'X-Ledger-Signature';
export const WEBHOOK_IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** How old (or how far in the future) a signed request may be for a receiver to accept it. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookFailure = 'invalid-request' | 'network' | 'timeout' | 'status';

/**
 * A webhook that was not delivered. The job should fail (and be retried by the queue) unless `retryable`
 * is false: a 4xx other than 408/425/429 or a redirect means the receiver refuses this request for good.
 */
export class WebhookDeliveryError extends Error {
  readonly reason: WebhookFailure;
  readonly status?: number;
  readonly retryable: boolean;
  /** origin and path of the target, without query or credentials */
  readonly target: string;

  constructor(
    message: string,
    details: { reason: WebhookFailure; target: string; retryable: boolean; status?: number; cause?: unknown },
  ) {
    super(message, { cause: details.cause });
    this.name = 'WebhookDeliveryError';
    this.reason = details.reason;
    this.status = details.status;
    this.retryable = details.retryable;
    this.target = details.target;
  }
}

export interface WebhookChannelOptions {
  timeoutMs?: number;
  /** clock for the timestamp header (tests) */
  now?: () => number;
  fetch?: typeof fetch;
  userAgent?: string;
}

export interface WebhookSendOptions {
  /** the same for every attempt of the same delivery, so that the receiver can drop a repeat */
  idempotencyKey: string;
}

export interface WebhookSendResult {
  status: number;
}

function hmacHex(secret: string, timestamp: string, rawBody: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The value of the X-Ledger-Signature header for a timestamp (unix seconds) and the exact raw body. */
export function signWebhookPayload(
  secret: string,
  timestamp: number | string,
  rawBody: string | Uint8Array,
): string {
  return `${WEBHOOK_SIGNATURE_VERSION}=${hmacHex(secret, String(timestamp), rawBody)}`;
}

/**
 * For receivers: true when `header` carries a v1 signature of `<timestamp>.<rawBody>` under `secret` and the
 * timestamp is within `toleranceSeconds` of now (a replay window). Several comma-separated signatures are
 * accepted (secret rotation). The comparison is timing-safe. Pass the body exactly as received.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number | undefined,
  rawBody: string | Uint8Array,
  header: string | undefined,
  toleranceSeconds: number = WEBHOOK_TOLERANCE_SECONDS,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): boolean {
  if (!secret || timestamp === undefined || !header) return false;
  const ts = String(timestamp).trim();
  if (!/^\d{1,12}$/.test(ts)) return false;
  if (!(toleranceSeconds >= 0) || Math.abs(nowSeconds - Number(ts)) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, ts, rawBody), 'hex');
  let ok = false;
  for (const part of header.split(',')) {
    const [version, value] = part.trim().split('=', 2);
    if (version !== WEBHOOK_SIGNATURE_VERSION || !value || !/^[0-9a-fA-F]{64}$/.test(value)) continue;
    // no early exit: every candidate is compared
    if (timingSafeEqual(Buffer.from(value, 'hex'), expected)) ok = true;
  }
  return ok;
}

function describeTarget(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

const RETRYABLE_STATUS = new Set([408, 425, 429]);

/** Signed JSON POSTs to a member's webhook (a chat integration, the municipality's own system). */
export class WebhookChannel {
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;
  private readonly userAgent: string;

  constructor(
    private readonly secret: string,
    options: WebhookChannelOptions = {},
  ) {
    if (!secret) throw new Error('WebhookChannel needs a signing secret');
    this.timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
    this.fetchImpl = options.fetch ?? fetch;
    this.userAgent = options.userAgent ?? 'masterplan-ledger-webhook/1';
  }

  async send(url: string, payload: object, opts: WebhookSendOptions): Promise<WebhookSendResult> {
    let target: URL;
    try {
      target = new URL(url);
    } catch (cause) {
      throw new WebhookDeliveryError('webhook url is not a valid absolute URL', {
        reason: 'invalid-request',
        target: '(invalid url)',
        retryable: false,
        cause,
      });
    }
    const where = describeTarget(target);
    if (target.protocol !== 'https:' && target.protocol !== 'http:') {
      throw new WebhookDeliveryError(`webhook url must be http(s): ${where}`, {
        reason: 'invalid-request',
        target: where,
        retryable: false,
      });
    }
    if (!/^[\x21-\x7e]{1,255}$/.test(opts.idempotencyKey)) {
      throw new WebhookDeliveryError('idempotency key must be 1–255 visible ASCII characters', {
        reason: 'invalid-request',
        target: where,
        retryable: false,
      });
    }

    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(this.now() / 1000));
    let response: Response;
    try {
      response = await this.fetchImpl(target, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': this.userAgent,
          [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
          [WEBHOOK_SIGNATURE_HEADER]: signWebhookPayload(this.secret, timestamp, body),
          [WEBHOOK_IDEMPOTENCY_HEADER]: opts.idempotencyKey,
        },
        body,
        // a redirect would re-send a signed body somewhere else: a 3xx is an error, not followed
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      // by name: the DOMException of AbortSignal.timeout need not be an Error of this realm
      const name = (cause as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      throw new WebhookDeliveryError(
        timedOut
          ? `webhook timed out after ${this.timeoutMs} ms: ${where}`
          : `webhook request failed: ${where}`,
        { reason: timedOut ? 'timeout' : 'network', target: where, retryable: true, cause },
      );
    }
    // the body is not needed; release the connection
    await response.body?.cancel().catch(() => undefined);
    if (response.status < 200 || response.status > 299) {
      const retryable = response.status >= 500 || RETRYABLE_STATUS.has(response.status);
      throw new WebhookDeliveryError(`webhook answered ${response.status}: ${where}`, {
        reason: 'status',
        status: response.status,
        target: where,
        retryable,
      });
    }
    return { status: response.status };
  }
}
