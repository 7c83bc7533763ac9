// This device's language cookies (decision 0004): `lng` holds the language pages are served in, `lng_chosen` says the
// person chose it with the switch. Each function gives the Set-Cookie lines of one moment: the switch, a sign-in, the
// account page. (A sign-out leaves them: the next sign-in sets the next account's language unless one was chosen.)
import { languageAtSignIn, LANGUAGES, type Language } from "#app/domain/language.ts";
import { languageChoiceCookie, localeCookie } from "#app/middleware/i18next.ts";

async function readDevice(request: Request): Promise<{ language: Language | null; chosen: boolean }> {
  const header = request.headers.get("Cookie");
  const language = await localeCookie.parse(header);
  return {
    language: LANGUAGES.find((l) => l === language) ?? null,
    chosen: (await languageChoiceCookie.parse(header)) === "1",
  };
}


/** The switch (`?lng=` on a page): this device reads in that language from now on, whoever signs in. */
export async function languageChosenCookies(request: Request, language: Language, secure: boolean): Promise<string[]> {
  const device = await readDevice(request);
  if (device.chosen && device.language === language) return [];
  return [await localeCookie.serialize(language, { secure }), await languageChoiceCookie.serialize("1", { secure })];
}

/** A sign-in: the account's language, unless the person chose one on this device. */
export async function signInLanguageCookies(request: Request, account: Language, secure: boolean): Promise<string[]> {
  const language = languageAtSignIn(await readDevice(request), account);
  return language ? [await localeCookie.serialize(language, { secure })] : [];
}

/** The account page's language saved: the device follows the account again. */
export async function accountLanguageCookies(request: Request, language: Language, secure: boolean): Promise<string[]> {
  const device = await readDevice(request);
  return [await localeCookie.serialize(language, { secure }), ...(device.chosen ? [await languageChoiceCookie.serialize("", { secure, maxAge: 0 })] : [])];
}

