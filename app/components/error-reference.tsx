// The request id on the error page (ADR 0030), so that a person reporting the problem can quote it and the operator
// find the request's log lines. The server renders it from the request being served; the browser, hydrating that
// page, reads it back from the page (it is in no loader's data). An error met later, in a navigation inside the
// page, has no id to show: the line is left out.
import { createContext, useContext, useState } from "react";
import { useTranslation } from "#app/components/translation.tsx";

const RequestIdContext = createContext<string | undefined>(undefined);
export const RequestIdProvider = RequestIdContext.Provider;

const ELEMENT_ID = "error-reference";
/** Only the page the server sent holds an id to read back: the browser's first error page, hydrated. */
let pageRead = false;
function idOnServerPage(): string | undefined {
  if (typeof document === "undefined" || pageRead) return undefined;
  pageRead = true;
  return document.getElementById(ELEMENT_ID)?.dataset.requestId;
}

export function ErrorReference() {
  const { t } = useTranslation();
  const served = useContext(RequestIdContext);
  const [id] = useState(() => served ?? idOnServerPage());
  if (!id) return null;
  return (
    <p id={ELEMENT_ID} data-request-id={id} className="error-reference">
      {t("errors.reference", { id })}
    </p>
  );
}
