import { describe, it } from '@jest/globals';
import { untyped } from '../shared/given.js';
import { adopted, command, drafted, given, ref } from './plan.fixtures.js';

describe('a draft plan', () => {
  it('AddThemeField records a new theme field', () => {
    given(drafted)
      .when(command('AddThemeField', { key: 'health', name: 'Gesundheit' }))
      .then([{ type: 'ThemeFieldAdded', data: { ...ref, key: 'health', name: 'Gesundheit' } }]);
  });

  it('AddThemeField refuses a key or a name the plan already has', () => {
    given(drafted)
      .when(command('AddThemeField', { key: 'housing', name: 'Unterkunft' }))
      .thenThrows('theme_field_exists', 'conflict');
    given(drafted)
      .when(command('AddThemeField', { key: 'living', name: 'wohnen' }))
      .thenThrows('theme_field_exists');
  });

  it('AddThemeField needs a slug key and a name', () => {
    given(drafted)
      .when(command('AddThemeField', { key: 'Gesundheit', name: 'Gesundheit' }))
      .thenThrows('invalid_slug');
    given(drafted)
      .when(command('AddThemeField', { key: 'health-', name: 'Gesundheit' }))
      .thenThrows('invalid_slug');
    given(drafted)
      .when(command('AddThemeField', { key: 'health', name: ' ' }))
      .thenThrows('name_required');
    given(drafted)
      .when(command('AddThemeField', untyped({})))
      .thenThrows('key_required');
  });
});

describe('an adopted plan', () => {
  it('AddThemeField is still allowed', () => {
    given(adopted)
      .when(command('AddThemeField', { key: 'health', name: 'Gesundheit' }))
      .then([{ type: 'ThemeFieldAdded', data: { ...ref, key: 'health', name: 'Gesundheit' } }]);
  });
});
