/** `alice@example.com` out of `"Alice" <Alice@Example.com>`, lowercased; the text itself when it holds no <>. */
export function bareAddress(address: string) {
  const angled = /<([^<>]+)>\s*$/.exec(address);
  return (angled?.[1] ?? address).trim().toLowerCase();
}
