// The console's shell: finds out whether the API needs a token, routes #/page hashes to the
// page modules, and sends the user back to sign-in when the API refuses the token.
import { api, session } from './api.js';
import { announce, clearMessages, h, showError, takePendingAnnouncement } from './dom.js';
import { renderSignIn } from './pages/sign-in.js';
import { renderQualify } from './pages/qualify.js';
import { renderQuarantine } from './pages/quarantine.js';
import { renderAddress } from './pages/address.js';
import { renderRelease } from './pages/release.js';
import { renderHolds } from './pages/holds.js';
import { renderSpool } from './pages/spool.js';
import { renderRules } from './pages/rules.js';
import { renderReports } from './pages/reports.js';

const PAGES = {
  qualify: { title: 'To qualify', render: renderQualify },
  quarantine: { title: 'Quarantine', render: renderQuarantine },
  address: { title: 'Address', render: renderAddress },
  rules: { title: 'Rules', render: renderRules },
  reports: { title: 'Reports', render: renderReports },
  release: { title: 'Bulk release', render: renderRelease },
  holds: { title: 'Holds', render: renderHolds },
  spool: { title: 'Spool', render: renderSpool },
};

const state = { mode: 'unknown', vocabulary: null, cleanup: null };

/** `#/address?address=a@b&channel=email` → {name: 'address', params} */
function currentRoute() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const [name, search] = hash.split('?');
  return { name: name || 'qualify', params: new URLSearchParams(search ?? '') };
}

/** Opens a page; `navigate('address', {address})`. */
export function navigate(name, params = {}) {
  const search = new URLSearchParams(params).toString();
  location.hash = `#/${name}${search ? `?${search}` : ''}`;
}

async function render(fromNavigation = false) {
  const main = document.getElementById('main');
  state.cleanup?.();
  state.cleanup = null;
  const route = currentRoute();
  const signedIn = state.mode === 'open' || (state.mode === 'token' && session.token());
  document.getElementById('nav').hidden = !signedIn;
  renderWho();
  main.replaceChildren();
  if (!signedIn || route.name === 'sign-in') {
    clearMessages();
    document.title = 'Sign in · Rebound console';
    renderSignIn(main, { onSignedIn });
    return;
  }
  const page = PAGES[route.name] ?? PAGES.qualify;
  document.title = `${page.title} · Rebound console`;
  for (const link of document.querySelectorAll('#nav a')) {
    const here = link.getAttribute('href') === `#/${route.name}`;
    if (here) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  showError('');
  const context = { vocabulary: state.vocabulary, navigate, params: route.params };
  state.cleanup = (await page.render(main, context)) ?? null;
  const pendingText = takePendingAnnouncement();
  if (pendingText) announce(pendingText);
  // After a move between pages, start keyboard and screen-reader users at the new heading.
  if (fromNavigation) document.getElementById('page-title')?.focus();
}

function renderWho() {
  const who = document.getElementById('who');
  const parts = [];
  if (state.mode === 'open') {
    parts.push(h('span', {}, 'Open API (no token set)'));
    const name = h('input', {
      type: 'text',
      id: 'actor-name',
      value: session.actor(),
      size: '12',
      autocomplete: 'name',
      onchange: (event) => session.setActor(event.target.value.trim()),
    });
    parts.push(h('label', { for: 'actor-name' }, 'Your name'), name);
  }
  if (state.mode === 'token' && session.token()) {
    parts.push(h('span', {}, `Signed in${session.actor() ? ` as ${session.actor()}` : ''}`));
    parts.push(
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          onclick: () => {
            session.clearToken();
            announce('Signed out.');
            navigate('sign-in');
            render();
          },
        },
        'Sign out',
      ),
    );
  }
  who.replaceChildren(...parts);
}

function onSignedIn() {
  state.mode = 'token';
  if (currentRoute().name === 'sign-in') navigate('qualify');
  else render();
}

/** A call without a token that succeeds means the API is open (no token configured). */
async function detectMode() {
  try {
    await api('GET', '/api/holds?status=held', undefined, { token: '', probe: true });
    return 'open';
  } catch (error) {
    if (error.status === 401 || error.status === 403) return 'token';
    throw error;
  }
}

async function start() {
  document.getElementById('skip').addEventListener('click', (event) => {
    event.preventDefault();
    (document.getElementById('page-title') ?? document.getElementById('main')).focus();
  });
  window.addEventListener('rebound:unauthorized', (event) => {
    if (state.mode !== 'token') return;
    session.clearToken();
    render().then(() => showError(event.detail));
  });
  window.addEventListener('hashchange', () => render(true));
  try {
    const response = await fetch('/console/vocabulary.json');
    state.vocabulary = await response.json();
    state.mode = await detectMode();
  } catch (error) {
    document.getElementById('main').replaceChildren(h('h1', {}, 'Rebound console'));
    showError(error.message || 'The service did not answer.');
    return;
  }
  await render();
}

start();
