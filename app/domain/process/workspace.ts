/**
 * Evidence, action plan and team work of a self-assessment: the shapes the pages show and the pure rules
 * (which files are accepted, how names are cleaned, what "overdue" means, which query flags the pages read).
 * No framework, no database: the services in app/services/{evidence,action-plan}.server.ts apply them.
 */

// ─── Shapes shown by the pages (loader data) ───────────────────────────────────────────────────────────────

/** A file shown as evidence of one criterion (an active link). */
export interface CriterionEvidence {
  linkId: string;
  fileId: string;
  originalName: string;
  mimeType: string;
  sizeBytes: number;
  uploadedByName: string;
  uploadedAt: Date | string;
  linkedByName: string;
  linkedAt: Date | string;
}

/** A file of the process's evidence library, with the criteria it is currently linked to. */
export interface LibraryFile {
  id: string;
  originalName: string;
  mimeType: string;
  sizeBytes: number;
  uploadedByName: string;
  uploadedAt: Date | string;
  /** Active links, in referential order. */
  links: { linkId: string; criterionCode: string }[];
}

export const ACTION_STATUSES = ["planned", "in_progress", "done"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** An improvement action of one criterion. */
export interface CriterionAction {
  id: string;
  criterionCode: string;
  title: string;
  owner: string;
  /** The colleague reminded when the action is past due, if one was chosen. */
  ownerUserId: string | null;
  ownerUserName: string | null;
  /** ISO date (YYYY-MM-DD) or null. */
  dueDate: string | null;
  status: ActionStatus;
  overdue: boolean;
  createdByName: string;
  updatedAt: Date | string;
}

/** An action in the process's action plan (with its chapter, for grouping and filters). */
export interface PlanAction extends CriterionAction {
  chapterCode: string;
}

// ─── Accepted evidence files ──────────────────────────────────────────────────────────────────────────────

/**
 * What the content says a file is (file-type's `ext`), the names a user may give such a file, and the type it
 * is served with. Legacy Word/Excel files are OLE compound files ("cfb"): their served type follows the name.
 */
export const ACCEPTED_TYPES: Record<string, { extensions: string[]; mime: string | Record<string, string> }> = {
  pdf: { extensions: ["pdf"], mime: "application/pdf" },
  jpg: { extensions: ["jpg", "jpeg"], mime: "image/jpeg" },
  png: { extensions: ["png"], mime: "image/png" },
  heic: { extensions: ["heic", "heif"], mime: "image/heic" },
  heif: { extensions: ["heic", "heif"], mime: "image/heif" },
  cfb: { extensions: ["doc", "xls"], mime: { doc: "application/msword", xls: "application/vnd.ms-excel" } },
  docx: { extensions: ["docx"], mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  xlsx: { extensions: ["xlsx"], mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  odt: { extensions: ["odt"], mime: "application/vnd.oasis.opendocument.text" },
  ods: { extensions: ["ods"], mime: "application/vnd.oasis.opendocument.spreadsheet" },
};

/** The `accept` attribute of the file inputs (a hint for the browser's picker; the server decides). */
export const ACCEPT_ATTRIBUTE = [...new Set(Object.values(ACCEPTED_TYPES).flatMap((t) => t.extensions))].map((e) => `.${e}`).join(",");

/** The extension of a file name, lower case, without the dot ("" when there is none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : "";
}

/**
 * Whether a file whose content was recognised as `sniffedExt` (null: not recognised) may be kept under the name
 * the user gave it; the type to serve it with when it may.
 */
export function acceptEvidenceType(sniffedExt: string | null | undefined, originalName: string): { ok: true; mimeType: string } | { ok: false } {
  if (!sniffedExt) return { ok: false };
  const accepted = ACCEPTED_TYPES[sniffedExt];
  const declared = extensionOf(originalName);
  if (!accepted || !accepted.extensions.includes(declared)) return { ok: false };
  const mimeType = typeof accepted.mime === "string" ? accepted.mime : accepted.mime[declared];
  return mimeType ? { ok: true, mimeType } : { ok: false };
}

export const ORIGINAL_NAME_MAX = 200;

/**
 * The name a file is shown and downloaded with: the last path segment (old browsers send `C:\fakepath\x.pdf`),
 * without control characters, at most 200 characters, keeping the extension.
 */
export function cleanOriginalName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  let name = base.replace(/[\u0000-\u001f\u007f"]/g, "").replace(/\s+/g, " ").trim();
  if (name.length > ORIGINAL_NAME_MAX) {
    const ext = extensionOf(name);
    const keep = ext && ext.length < 10 ? `.${ext}` : "";
    name = name.slice(0, ORIGINAL_NAME_MAX - keep.length) + keep;
  }
  return name === "" || name === "." || name === ".." ? "document" : name;
}

/** `Content-Disposition` for a download under its original name (RFC 6266 + RFC 5987), safe for any name. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii === name ? `attachment; filename="${name}"` : `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

// ─── Action plan ──────────────────────────────────────────────────────────────────────────────────────────

/** Today as an ISO date in UTC (due dates are calendar days). */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** An action is overdue when its due date has passed and it is not done. */
export function isOverdue(action: { dueDate: string | null; status: ActionStatus }, today: string): boolean {
  return action.status !== "done" && action.dueDate !== null && action.dueDate < today;
}

// ─── Query flags after a post (read by the sections on the criterion page and by the workspace pages) ────────
//
// Success: `?saved=evidence` (a file uploaded, linked or removed) or `?saved=action` (an action added or changed),
// with the anchor `#evidence` or `#actions`; the criterion page shows its own "saved" message for these.
// Refusal: `?error=evidence.<key>#evidence` or `?error=action.<key>#actions`; the sections show the message
// themselves (EvidenceSection, ActionsSection), so a page that renders them has nothing else to do.

export const SAVED_FLAGS = ["evidence", "evidence_deleted", "action", "team"] as const;
export type SavedFlag = (typeof SAVED_FLAGS)[number];

export const ERROR_FLAGS = [
  "evidence.file_too_large",
  "evidence.file_type_refused",
  "evidence.file_missing",
  "evidence.bad_request",
  "evidence.storage_unavailable",
  "evidence.invalid",
  "evidence.not_found",
  "evidence.not_editable",
  "evidence.confirm_delete",
  "action.invalid",
  "action.not_found",
  "action.not_editable",
  "action.invalid_owner",
] as const;
export type ErrorFlag = (typeof ERROR_FLAGS)[number];

/** The error flag of a section in a query string value, or null when it is not one of that section's. */
export function sectionError(value: string | null | undefined, section: "evidence" | "action"): ErrorFlag | null {
  return value && value.startsWith(`${section}.`) && (ERROR_FLAGS as readonly string[]).includes(value) ? (value as ErrorFlag) : null;
}

/** The URL to go back to after a post: `returnTo` with `saved` or `error` set (the other removed) and the section's anchor. */
export function withFlag(returnTo: string, flag: { saved: SavedFlag } | { error: ErrorFlag }): string {
  const url = new URL(returnTo, "http://localhost");
  url.searchParams.delete("saved");
  url.searchParams.delete("error");
  const section = "saved" in flag ? flag.saved : flag.error.split(".")[0]!;
  if ("saved" in flag) url.searchParams.set("saved", flag.saved);
  else url.searchParams.set("error", flag.error);
  url.hash = section === "evidence" ? "evidence" : section === "action" ? "actions" : "";
  return url.pathname + url.search + url.hash;
}

/** A return address without the flags of a previous post (so a form posted twice does not carry old messages). */
export function withoutFlags(pathname: string, search: string): string {
  const params = new URLSearchParams(search);
  params.delete("saved");
  params.delete("error");
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}
