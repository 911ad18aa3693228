import { PLAN_TIME_ZONE } from '@app/domain';
import { de, type Messages } from './messages-de.js';
import { en } from './messages-en.js';

export type Lang = 'de' | 'en';
export const LANGS: readonly Lang[] = ['de', 'en'];

export const isLang = (value: unknown): value is Lang => value === 'de' || value === 'en';

/** The texts and number and date formats of one language; dates and times are shown as in the plans' zone. */
export class Texts {
  readonly t: Messages;
  private readonly number: Intl.NumberFormat;
  private readonly dayFormat: Intl.DateTimeFormat;
  private readonly instantFormat: Intl.DateTimeFormat;
  private readonly monthFormat: Intl.DateTimeFormat;

  constructor(readonly lang: Lang) {
    this.t = lang === 'en' ? en : de;
    const locale = this.t.locale;
    this.number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const date = { year: 'numeric', month: lang === 'en' ? 'short' : '2-digit', day: '2-digit' } as const;
    this.dayFormat = new Intl.DateTimeFormat(locale, { ...date, timeZone: 'UTC' });
    this.instantFormat = new Intl.DateTimeFormat(locale, {
      ...date,
      hour: '2-digit',
      minute: '2-digit',
      timeZone: PLAN_TIME_ZONE,
    });
    this.monthFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  }

  num(value: number | null | undefined): string {
    return value === null || value === undefined ? '–' : this.number.format(value);
  }

  /** 55,7 % in German, 55.7% in English. */
  percent(value: number | null | undefined): string {
    if (value === null || value === undefined) return '–';
    return this.lang === 'de' ? `${this.number.format(value)} %` : `${this.number.format(value)}%`;
  }

  /** A calendar day `2026-03-01`. */
  day(day: string | undefined | null): string {
    if (!day) return '–';
    const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? day : this.dayFormat.format(date);
  }

  /** An instant, in the plans' time zone. */
  instant(value: string | Date | undefined | null): string {
    if (!value) return '–';
    const date = typeof value === 'string' ? new Date(value) : value;
    return Number.isNaN(date.getTime()) ? String(value) : this.instantFormat.format(date);
  }

  /** A month `2026-03`. */
  month(month: string): string {
    const date = new Date(`${month}-01T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? month : this.monthFormat.format(date);
  }

  euros(value: number | undefined): string {
    if (value === undefined) return '–';
    return new Intl.NumberFormat(this.t.locale, { style: 'currency', currency: 'EUR' }).format(value);
  }
}

const cache = new Map<Lang, Texts>();

export function textsFor(lang: Lang): Texts {
  let texts = cache.get(lang);
  if (!texts) cache.set(lang, (texts = new Texts(lang)));
  return texts;
}
