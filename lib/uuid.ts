const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from addresses and forms; anything that is not a uuid cannot name a row. */
export const isUuid = (value: string) => UUID.test(value);

/** `0123…` (32 hex digits) as `01234567-89ab-…`, the way Postgres writes a uuid. */
export const formatUuid = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
