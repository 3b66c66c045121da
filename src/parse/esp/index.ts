/** Pure readers of sending services' webhooks (Amazon SES via SNS, SendGrid, Postmark, Mailgun). */
export { readEspWebhook, type FinalEspEvent, type FinalEspReading } from './read-esp-webhook.js';
export { ESP_PROVIDERS, isEspProvider, type EspProvider } from './types.js';
export { readSesWebhook } from './ses.js';
export { readSendgridWebhook } from './sendgrid.js';
export { readPostmarkWebhook } from './postmark.js';
export { readMailgunWebhook } from './mailgun.js';
