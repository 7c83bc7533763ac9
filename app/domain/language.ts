/**
 * The app's languages, French first (the default). A person, an outgoing message and an application carry one;
 * every text of a referential version is written in each.
 */
export const LANGUAGES = ["fr", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
