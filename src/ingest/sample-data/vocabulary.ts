/**
 * The fixed word lists the sample data draws from: MovieLens genres (with a rating bias each,
 * shaped like MovieLens 25M's per-genre averages), countries, plans, devices, tags, title words.
 */

export interface Genre {
  name: string;
  /** How often a movie carries it (relative). */
  weight: number;
  /** Added to a movie's quality: some genres are rated higher than others. */
  bias: number;
}

export const GENRES: readonly Genre[] = [
  { name: 'Drama', weight: 25, bias: 0.15 },
  { name: 'Comedy', weight: 17, bias: -0.1 },
  { name: 'Thriller', weight: 8, bias: -0.05 },
  { name: 'Romance', weight: 7, bias: 0 },
  { name: 'Action', weight: 7, bias: -0.1 },
  { name: 'Horror', weight: 6, bias: -0.35 },
  { name: 'Documentary', weight: 5, bias: 0.3 },
  { name: 'Crime', weight: 5, bias: 0.2 },
  { name: 'Adventure', weight: 4, bias: -0.05 },
  { name: 'Sci-Fi', weight: 3.5, bias: -0.05 },
  { name: 'Children', weight: 3, bias: -0.15 },
  { name: 'Animation', weight: 3, bias: 0.15 },
  { name: 'Mystery', weight: 2.5, bias: 0.15 },
  { name: 'Fantasy', weight: 2.5, bias: -0.05 },
  { name: 'War', weight: 1.5, bias: 0.3 },
  { name: 'Western', weight: 1, bias: 0.1 },
  { name: 'Musical', weight: 1, bias: 0.05 },
  { name: 'Film-Noir', weight: 0.4, bias: 0.4 },
  { name: 'IMAX', weight: 0.4, bias: 0.1 },
];

export const NO_GENRES = '(no genres listed)';

/** ISO-3166 alpha-2 codes with a skewed share of users. */
export const COUNTRIES: readonly { code: string; weight: number }[] = [
  { code: 'US', weight: 30 },
  { code: 'GB', weight: 8 },
  { code: 'DE', weight: 7 },
  { code: 'BR', weight: 6 },
  { code: 'IN', weight: 6 },
  { code: 'FR', weight: 6 },
  { code: 'CA', weight: 5 },
  { code: 'JP', weight: 4 },
  { code: 'ES', weight: 4 },
  { code: 'MX', weight: 3.5 },
  { code: 'IT', weight: 3.5 },
  { code: 'AU', weight: 3 },
  { code: 'NL', weight: 2.5 },
  { code: 'KR', weight: 2 },
  { code: 'SE', weight: 2 },
  { code: 'PL', weight: 2 },
  { code: 'AR', weight: 1.5 },
  { code: 'ZA', weight: 1.5 },
  { code: 'IE', weight: 1 },
  { code: 'NG', weight: 1 },
  { code: 'NZ', weight: 0.8 },
];

export const PLANS: readonly { name: string; weight: number }[] = [
  { name: 'basic', weight: 35 },
  { name: 'standard', weight: 45 },
  { name: 'premium', weight: 20 },
];

export const DEVICES: readonly { name: string; weight: number }[] = [
  { name: 'tv', weight: 45 },
  { name: 'mobile', weight: 25 },
  { name: 'web', weight: 20 },
  { name: 'tablet', weight: 10 },
];

/**
 * MovieLens 25M's share of each half-star value (0.5 … 5.0): mean ≈ 3.53, whole stars ≈ 70%.
 */
export const RATING_VALUES: readonly string[] = ['0.5', '1.0', '1.5', '2.0', '2.5', '3.0', '3.5', '4.0', '4.5', '5.0'];
export const RATING_SHARES: readonly number[] = [1.57, 3.12, 1.59, 6.6, 5.0, 19.6, 12.6, 26.6, 8.5, 14.5];

/** Tags anyone might write. Two carry a comma / a double quote, so CSV quoting is exercised. */
export const GENERIC_TAGS: readonly string[] = [
  'atmospheric', 'visually appealing', 'great soundtrack', 'thought-provoking', 'classic', 'overrated',
  'predictable', 'slow', 'quirky', 'cult film', 'twist ending', 'based on a book', 'must see',
  'boring', 'beautiful', 'good acting', 'funny, but dark', 'the "twist"', 'rewatchable', 'Oscar (Best Picture)',
];

/** Tags that go with a genre (by genre name). */
export const GENRE_TAGS: Readonly<Record<string, readonly string[]>> = {
  Drama: ['emotional', 'character study', 'tearjerker', 'true story'],
  Comedy: ['funny', 'hilarious', 'dark comedy', 'feel-good'],
  Thriller: ['suspense', 'tense', 'plot twist'],
  Romance: ['romantic', 'love story', 'chick flick'],
  Action: ['explosions', 'fight scenes', 'superhero', 'car chase'],
  Horror: ['gore', 'creepy', 'jump scares', 'zombies'],
  Documentary: ['informative', 'true story', 'nature'],
  Crime: ['heist', 'mafia', 'detective', 'organized crime'],
  Adventure: ['treasure', 'epic', 'journey'],
  'Sci-Fi': ['space', 'dystopia', 'time travel', 'aliens', 'artificial intelligence'],
  Children: ['family', 'kids', 'Disney'],
  Animation: ['Pixar', 'anime', 'stop motion'],
  Mystery: ['whodunit', 'mindfuck', 'puzzle'],
  Fantasy: ['magic', 'dragons', 'fairy tale'],
  War: ['World War II', 'anti-war', 'military'],
  Western: ['cowboys', 'gunfight'],
  Musical: ['singing', 'dance'],
  'Film-Noir': ['noir', 'femme fatale'],
  IMAX: ['3D', 'big screen'],
};

export const TITLE_ADJECTIVES: readonly string[] = [
  'Silent', 'Last', 'Broken', 'Golden', 'Dark', 'Hidden', 'Lost', 'Wild', 'Crimson', 'Frozen',
  'Endless', 'Little', 'Secret', 'Final', 'Burning', 'Midnight', 'Forgotten', 'Electric', 'Lonely', 'Brave',
  'Blue', 'Savage', 'Quiet', 'Distant', 'Eternal', 'Strange', 'Restless', 'Velvet', 'Iron', 'Paper',
];

export const TITLE_NOUNS: readonly string[] = [
  'River', 'City', 'Heart', 'Summer', 'Road', 'Kingdom', 'Garden', 'Storm', 'Island', 'Shadow',
  'Highway', 'Dream', 'Empire', 'Mirror', 'Harbor', 'Forest', 'Winter', 'Station', 'Machine', 'Witness',
  'Stranger', 'Promise', 'Circus', 'Frontier', 'Echo', 'Orchard', 'Lighthouse', 'Signal', 'Café', 'Noël',
];

export const TITLE_EXTRAS: readonly string[] = [
  'Part II', 'Returns', 'Rising', 'Reloaded', 'The Beginning', 'Forever', 'of Doom', 'in Paris', 'of the Señor', 'Redux',
];
