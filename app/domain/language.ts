/**
 * The app's languages, French first (the default). A person, an outgoing message and an application carry one;
 * every text of a referential version is written in each.
 */
export const LANGUAGES = ["fr", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The language a sign-in gives this device: the account's, unless the person chose a language on this device with
 * the switch (that choice stays). A language the device holds from an account — this one's or a previous user's on a
 * shared computer — is not a choice: the account's replaces it. Null when the device already reads in it.
 */
export function languageAtSignIn(device: { language: Language | null; chosen: boolean }, account: Language): Language | null {
  if (device.chosen && device.language) return null;
  return device.language === account ? null : account;
}
