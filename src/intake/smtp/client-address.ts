/**
 * Client addresses: the SMTP_ALLOWED_CLIENTS list (CIDR, IPv4 and IPv6) and the key that
 * per-client limits count under. An IPv6 client is counted by its /64: one end site is
 * routinely given a whole /64 (RFC 6177), so counting single addresses would let one host
 * walk past every per-client limit.
 */
import { BlockList, isIP } from 'node:net';

interface Cidr {
  network: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** Reads `192.0.2.0/24`, `2001:db8::/32` or a bare address; a string says what is wrong. */
export function parseCidr(entry: string): Cidr | string {
  const [network = '', prefixText, ...rest] = entry.trim().split('/');
  const version = isIP(network);
  if (version === 0 || rest.length > 0) return `"${entry}" is not an IP address or CIDR block`;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { network, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max)
    return `"${entry}": prefix must be 0 to ${max}`;
  return { network, prefix: Number(prefixText), family };
}

/** Every problem of a CIDR list, for the config's all-at-once report. */
export function cidrListProblems(entries: readonly string[]): string[] {
  return entries.flatMap((entry) => {
    const parsed = parseCidr(entry);
    return typeof parsed === 'string' ? [parsed] : [];
  });
}

/** The IPv4 address of an IPv4-mapped IPv6 one (a dual-stack listener's view), else as is. */
export function unmapIpv4(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped?.[1] ?? address;
}

/**
 * A matcher for the allowed clients; an empty list allows everyone. Throws on an invalid
 * entry (the config has already reported it).
 */
export function createClientAllowlist(entries: readonly string[]): (address: string) => boolean {
  if (entries.length === 0) return () => true;
  const list = new BlockList();
  for (const entry of entries) {
    const cidr = parseCidr(entry);
    if (typeof cidr === 'string') throw new Error(`SMTP_ALLOWED_CLIENTS: ${cidr}`);
    list.addSubnet(cidr.network, cidr.prefix, cidr.family);
  }
  return (address) => {
    const plain = unmapIpv4(address);
    const version = isIP(plain);
    if (version === 0) return false;
    return list.check(plain, version === 4 ? 'ipv4' : 'ipv6');
  };
}

/** The first four groups of an IPv6 address, expanded: its /64. */
function ipv6Prefix64(address: string): string {
  const [head = '', tail] = address.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** What per-client limits count under: the IPv4 address, or the IPv6 address's /64. */
export function clientKey(address: string): string {
  const plain = unmapIpv4(address);
  return isIP(plain) === 6 ? ipv6Prefix64(plain) : plain;
}
