export * from './unsubscribe-token.js';
export { recordAddressOptOut, OPT_OUT_EVENT } from './record-opt-out.js';
