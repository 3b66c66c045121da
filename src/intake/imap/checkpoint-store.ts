/**
 * How far a mailbox has been handed over. Every message with `uid <= lastUid` in a mailbox
 * whose UIDVALIDITY equals `uidValidity` has been accepted (stored durably); it may still sit
 * in the mailbox if the poller stopped between the hand-off and the move, and is then only
 * moved, never accepted again. UIDs are only comparable under one UIDVALIDITY (RFC 9051 §2.3.1.1).
 */
export interface ImapCheckpoint {
  /** UIDVALIDITY as a decimal string: it is a 32-bit unsigned value and imapflow gives a bigint. */
  uidValidity: string;
  lastUid: number;
}

/**
 * Where checkpoints live. The key is the mailbox URL without the password. The in-memory
 * store below is enough for tests and a single process; a DB-backed one survives restarts.
 */
export interface ImapCheckpointStore {
  get(key: string): Promise<ImapCheckpoint | undefined>;
  set(key: string, checkpoint: ImapCheckpoint): Promise<void>;
}

/** Keeps checkpoints in a Map: lost on restart, which only costs duplicate (deduped) hand-offs. */
export class MemoryImapCheckpointStore implements ImapCheckpointStore {
  private readonly entries = new Map<string, ImapCheckpoint>();

  async get(key: string): Promise<ImapCheckpoint | undefined> {
    const entry = this.entries.get(key);
    return entry ? { ...entry } : undefined;
  }

  async set(key: string, checkpoint: ImapCheckpoint): Promise<void> {
    this.entries.set(key, { ...checkpoint });
  }
}
