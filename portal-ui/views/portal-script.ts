/**
 * The portal's one script, served from /assets/portal.js (the CSP allows no inline script). Every
 * page works without it; it only (1) tells the server the browser's time zone once, so dates are
 * shown in it from the next page on, and (2) sends a filter form when a choice changes (and a
 * search after a pause), so lists need no extra button.
 */
export const PORTAL_SCRIPT = `(() => {
  const body = document.body;
  const csrf = document.querySelector('meta[name="csrf-token"]');
  let zone = '';
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { zone = ''; }
  if (body && csrf && zone && body.dataset.timeZone !== zone) {
    const form = new URLSearchParams({ _csrf: csrf.getAttribute('content') || '', timeZone: zone });
    fetch('/account/time-zone', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })
      .then((res) => { if (res.ok) body.dataset.timeZone = zone; })
      .catch(() => {});
  }
  for (const form of document.querySelectorAll('form[data-autosubmit]')) {
    for (const button of form.querySelectorAll('.js-hide')) button.hidden = true;
    let timer = 0;
    form.addEventListener('change', () => form.requestSubmit());
    form.addEventListener('input', (event) => {
      if (event.target && event.target.type === 'search') {
        clearTimeout(timer);
        timer = setTimeout(() => form.requestSubmit(), 600);
      }
    });
  }
})();
`;
