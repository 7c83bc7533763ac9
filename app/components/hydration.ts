// Hydration: when it is done, and what the reader changed in a form before it (issue 18, item 5).
import { useEffect } from "react";

let hydrated = false;
/** Called once by the root when the document is hydrated: a content fetch failing after that is a navigation's. */
export function useHydrationDone() {
  useEffect(() => void (hydrated = true), []);
}
export const isHydrated = () => hydrated;

/**
 * What a reader changed in a form before the page's JavaScript took over (issue 18: on a slow link a rating can be
 * chosen or a justification typed while the modules still arrive). React keeps a radio button's or a select's state
 * as the reader left it when it hydrates, but writes a textarea's server text back over what was typed: the entry
 * keeps the typed text just before hydrating, and the form, once hydrated, puts it back and takes every changed
 * field as a change of its own (ADR 0026).
 */
const typedText = new WeakMap<HTMLTextAreaElement, string>();

/** Called right before hydrating: the text typed in each textarea, where it differs from the server's. */
export function keepTextTypedBeforeHydration(root: ParentNode = document) {
  for (const area of root.querySelectorAll("textarea")) if (area.value !== area.defaultValue) typedText.set(area, area.value);
}

/**
 * Whether the reader changed a field of the form before hydration (a value differing from the one the server wrote);
 * typed text is put back into its textarea. Once per form: the kept text is forgotten.
 */
export function changedBeforeHydration(form: HTMLFormElement): boolean {
  let changed = false;
  for (const field of Array.from(form.elements)) {
    if (field instanceof HTMLTextAreaElement) {
      const typed = typedText.get(field);
      typedText.delete(field);
      if (typed !== undefined && typed !== field.defaultValue) field.value = typed;
      if (field.value !== field.defaultValue) changed = true;
    } else if (field instanceof HTMLInputElement) {
      if (field.type === "radio" || field.type === "checkbox") changed ||= field.checked !== field.defaultChecked;
      else if (field.type !== "hidden" && field.type !== "file" && field.type !== "submit") changed ||= field.value !== field.defaultValue;
    } else if (field instanceof HTMLSelectElement) {
      changed ||= Array.from(field.options).some((option) => option.selected !== option.defaultSelected);
    }
  }
  return changed;
}
