/** How long "… is typing" stays up after the last notice: a little longer than notices come. */
export const TYPING_SHOWN_MS = 4_000;
/** A client tells of its person's typing at most this often (the server's limit allows two tabs of it). */
export const TYPING_SENT_EVERY_MS = 3_000;
