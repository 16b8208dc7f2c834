/** What a deleted message shows in its place, in threads, previews and lists, on every side. */
export const DELETED_MESSAGE = "This message was deleted";
