import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@app/domain';
import { ConcurrencyError } from '@app/event-store';
import { ReportProgressDto } from '../../measures/measure.dto.js';
import { de } from '../messages-de.js';
import { en } from '../messages-en.js';
import { numberOrText, refusalOf, validateDto } from './form-kit.js';

describe('numbers typed into a form', () => {
  it.each([
    ['12.500', 'de', 12_500],
    ['12.500,50', 'de', 12_500.5],
    ['1,5', 'de', 1.5],
    ['1.5', 'de', 1.5],
    ['12,500', 'en', 12_500],
    ['12,500.50', 'en', 12_500.5],
    ['1.5', 'en', 1.5],
    [' 40 ', 'de', 40],
  ] as const)('%s in %s is %d', (text, lang, expected) => {
    expect(numberOrText(text, lang)).toBe(expected);
  });

  it('stay text when they are none (the DTO refuses them), and empty means not given', () => {
    expect(numberOrText('vierzig')).toBe('vierzig');
    expect(numberOrText('')).toBeUndefined();
  });
});

describe('the API DTO run for a form', () => {
  it('names each failing field in the page language', async () => {
    const input = { percent: 150, note: '' };
    expect((await validateDto(ReportProgressDto, input, de)).errors).toEqual({
      percent: 'Bitte eine ganze Zahl von 0 bis 100 angeben.',
      note: 'Bitte ausfüllen.',
    });
    expect((await validateDto(ReportProgressDto, { percent: 'viel', note: 'ok' }, en)).errors).toEqual({
      percent: 'Please enter a whole number from 0 to 100.',
    });
  });

  it('answers the DTO when nothing fails', async () => {
    const { value, errors } = await validateDto(
      ReportProgressDto,
      { percent: 40, note: 'Fest gefeiert' },
      de,
    );
    expect(errors).toEqual({});
    expect(value).toBeInstanceOf(ReportProgressDto);
  });
});

describe('a refused command', () => {
  it('shows a domain rule next to the field it names', () => {
    const error = new DomainError(
      'date_in_future',
      'validation',
      'heldOn must not lie in the future',
      'heldOn',
    );
    expect(refusalOf(error, de, ['heldOn'])).toEqual({
      values: {},
      errors: { heldOn: 'Das Datum darf nicht in der Zukunft liegen.' },
      status: 400,
    });
  });

  it('shows a rule without a field, or a concurrent change, above the form', () => {
    expect(refusalOf(new DomainError('measure_blocked', 'conflict', 'blocked'), en, [])).toMatchObject({
      refusal: 'The measure is blocked. Please unblock it first.',
      status: 409,
    });
    expect(refusalOf(new DomainError('something_new', 'conflict', 'new rule'), de, [])).toMatchObject({
      refusal: 'Die Änderung wurde abgelehnt (Code: something_new).',
    });
    expect(refusalOf(new ConcurrencyError('measure-1', 3n, 4n), de, [])).toMatchObject({ status: 409 });
  });

  it('is no refusal when it is an outage', () => {
    expect(
      refusalOf(Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' }), de, []),
    ).toBeUndefined();
  });
});
