// Exchanges #login_code= (or shows #error=<CODE>) (single use, short-lived, bound to this browser) for { jwt, user }, then calls the API with the JWT, as a front end would.
(async () => {
  const status = document.getElementById('status');
  const landed = new URLSearchParams(location.hash.slice(1));
  history.replaceState(null, '', location.pathname + location.search); // the code is spent: keep it out of history
  if (landed.has('error')) {
    // A refused login comes back with a stable code only (e.g. TOKEN_GROUP_REQUIRED); Strapi's log has the details.
    status.textContent = `Refused: ${landed.get('error')}`;
    return;
  }
  const code = landed.get('login_code');
  const exchanged = await fetch('/api/cognito-connect/exchange', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const body = await exchanged.json();
  if (!exchanged.ok) {
    status.textContent = `Refused: ${body.error.details.code}`;
    return;
  }
  const me = await fetch('/api/users/me', { headers: { authorization: `Bearer ${body.jwt}` } }).then((r) => r.json());
  status.textContent = 'Signed in';
  document.getElementById('user').textContent = `${me.username} <${me.email}>`;
})();
