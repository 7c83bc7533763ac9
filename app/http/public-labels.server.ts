// The public label pages (no account): the list the URL's filters ask for (the page, the JSON and the CSV), and the
// certificate a typed number names. Each route counts the read against the public limit first, in one line:
// `await enforceRateLimits(context, [{ limit: "publicReadsPerClient" }]);`
import { data, type RouterContextProvider } from "react-router";
import { parsePublicLabelFilters } from "#app/domain/label/public-list.ts";
import { checkCertificate, publicLabelRecords } from "#app/services/label/public-labels.server.ts";
import { getServices, publicOrigin } from "./guards.server.ts";

type Context = Readonly<RouterContextProvider>;

/** The public list for the URL's filters (`?country=SN&level=gold`), as public records with absolute links. */
export async function publicLabelList(context: Context, request: Request) {
  const filters = parsePublicLabelFilters(new URL(request.url).searchParams);
  const labels = await publicLabelRecords(getServices(context).db, filters, publicOrigin(context, request));
  return { filters, labels };
}

/** At most this much of what was typed is shown back on the "not found" page. */
const TYPED_SHOWN = 64;

/**
 * The certificate a typed number names, with the answer's status: 404 when none (malformed, wrong check character,
 * unknown: the same path for all, see checkCertificate), with what was typed, cut short, to show back.
 */
export async function lookUpCertificate(context: Context, request: Request, typed: string) {
  const certificate = await checkCertificate(getServices(context).db, typed, publicOrigin(context, request));
  return data({ certificate, typed: typed.slice(0, TYPED_SHOWN) }, { status: certificate ? 200 : 404 });
}
