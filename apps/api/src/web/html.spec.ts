import { describe, expect, it } from '@jest/globals';
import { html, queryString, raw } from './html.js';

describe('html templates', () => {
  it('escape every interpolated text', () => {
    const name = `<script>alert("x")</script> & 'Söhne'`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Söhne&#39;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Söhne&#39;</p>',
    );
  });

  it('keep nested templates and raw markup, join lists and leave out empty parts', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    const page = html`<ul>
        ${items}
      </ul>
      ${false}${null}${undefined}${raw('<hr>')}${0}`;
    expect(page.value.replace(/>\s+</g, '><').trim()).toBe('<ul><li>a&lt;b</li><li>c</li></ul><hr>0');
  });

  it('build query strings without empty values', () => {
    expect(queryString({ type: 'ProgressReported', actor: '', cursor: undefined, from: '2026-01-01' })).toBe(
      '?type=ProgressReported&from=2026-01-01',
    );
    expect(queryString({ actor: '' })).toBe('');
  });
});
