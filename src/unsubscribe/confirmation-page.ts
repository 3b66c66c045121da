/**
 * The small HTML pages of one-click unsubscribe: GET shows what the link would do and a
 * button that POSTs `List-Unsubscribe=One-Click` (a link scanner that follows GET changes
 * nothing, RFC 8058 §3.2), and POST answers that it is done. No script, no outside asset.
 */
import type { UnsubscribeTarget } from './unsubscribe-token.js';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}
button{font:inherit;padding:.5rem 1.25rem}</style></head>
<body>${body}</body></html>
`;
}

function whatOf(target: UnsubscribeTarget): string {
  const who = `<strong>${escapeHtml(target.recipient)}</strong>`;
  return target.service
    ? `${who} will no longer receive <strong>${escapeHtml(target.service)}</strong>.`
    : `${who} will no longer receive these emails.`;
}

/** GET /u/<token>: a confirmation with a button (the form posts to the same URL). */
export function confirmationPage(target: UnsubscribeTarget): string {
  return page(
    'Unsubscribe',
    `<h1>Unsubscribe?</h1><p>${whatOf(target)}</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button></form>`,
  );
}

/** POST /u/<token>: done (the same answer the second time). */
export function unsubscribedPage(target: UnsubscribeTarget): string {
  return page('Unsubscribed', `<h1>You are unsubscribed</h1><p>${whatOf(target)}</p>`);
}
