const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from addresses and forms; anything that is not a uuid cannot name a row. */
export const isUuid = (value: string) => UUID.test(value);
