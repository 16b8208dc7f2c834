import { sql } from "drizzle-orm";

/** Made-up words, so that a word's share of the messages follows from its rank (Zipf-like). */
const SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vo", "pel", "dri", "su", "ne"].concat([
  "gor",
  "fa",
  "li",
  "ber",
  "tun",
  "sa",
  "mo",
  "qui",
  "zel",
  "da",
]);

/** The word of a rank (1 is the most common): its syllables are the rank's digits in base 20. */
export function wordOfRank(rank: number) {
  let word = "";
  for (let n = rank + 20; n > 0; n = Math.floor(n / 20)) word += SYLLABLES[n % 20];
  return word;
}

/**
 * A statement that fills `table (k int, body text)` with `pool` bodies of 8 to 15 words, a word of
 * rank r drawn with a share of about 1/r. Messages take their bodies from the pool, so that millions
 * cost one lookup each rather than a dozen random draws; the pool is large enough that every word
 * keeps its share.
 */
export function bodyPoolStatement(table: string, { pool, vocabulary }: { pool: number; vocabulary: number }) {
  const words = Array.from({ length: vocabulary }, (_, i) => wordOfRank(i + 1));
  return sql`
    create table ${sql.identifier(table)} as
    select k, (select string_agg(word, ' ') from (
             select (${JSON.stringify(words)}::jsonb ->> (floor(exp(random() * ln(${vocabulary})))::int - 1)) as word
             from generate_series(1, 8 + k % 8)) as words) as body
    from generate_series(0, ${pool - 1}) as k`;
}
