/**
 * Small progressive enhancement, served from /assets/web.js (the CSP allows no inline script): a print
 * button where script runs, and the error summary of a refused form gets the focus so that screen readers
 * announce it. Every page works without it.
 */
export const WEB_JS = `
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-action="print"]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
});
`;
