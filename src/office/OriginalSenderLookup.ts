/**
 * The port that tells who wrote the message a reply answers. Office.js gives a reply only the
 * original's Internet message id (`item.inReplyTo`, Mailbox 1.14); the sender must be looked up.
 * Adapter: GraphOriginalSenderLookup. Used for the "reply to the sender only" fix; without it the
 * core keeps the first person in To.
 */
export interface OriginalSenderLookup {
  /**
   * The sender of the message whose Internet message id (`<…@…>`) is `internetMessageId`, as
   * `"Display Name" <address>` or a bare address; `undefined` when it cannot be learned.
   * Never rejects: every failure (no token, not found, timeout, cancelled) is `undefined`.
   */
  find(internetMessageId: string, options?: { signal?: AbortSignal }): Promise<string | undefined>;
}
