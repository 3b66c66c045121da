// Sign-in: a token for the API (kept in this tab's sessionStorage only) and the name staff
// changes are recorded under (X-Actor).
import { api, session } from '../api.js';
import { field, h, pageHeading } from '../dom.js';

export function renderSignIn(main, { onSignedIn }) {
  const token = h('input', {
    type: 'password',
    name: 'token',
    autocomplete: 'off',
    required: true,
    spellcheck: 'false',
  });
  const actor = h('input', {
    type: 'text',
    name: 'actor',
    autocomplete: 'name',
    value: session.actor(),
  });
  const error = h('p', { class: 'form-error', id: 'sign-in-error', role: 'alert' });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'card narrow',
      'aria-describedby': 'sign-in-error',
      onsubmit: async (event) => {
        event.preventDefault();
        error.textContent = '';
        button.disabled = true;
        button.textContent = 'Checking…';
        try {
          await api('GET', '/api/holds?status=held', undefined, {
            token: token.value.trim(),
            probe: true,
          });
          session.setToken(token.value.trim());
          session.setActor(actor.value.trim());
          onSignedIn();
        } catch (failure) {
          error.textContent =
            failure.status === 401 || failure.status === 403
              ? `Sign-in refused: ${failure.message}`
              : failure.message;
          token.focus();
          token.select();
        } finally {
          button.disabled = false;
          button.textContent = 'Sign in';
        }
      },
    },
    field('API token', token, 'The API_TOKEN of this Rebound (or a token with the staff scope).'),
    field('Your name', actor, 'Recorded as the actor of your changes (optional).'),
    error,
    h('div', { class: 'actions' }, button),
  );
  main.append(
    pageHeading('Sign in'),
    h('p', {}, 'The token stays in this browser tab only and is sent to the API as a header.'),
    form,
  );
  token.focus();
}
