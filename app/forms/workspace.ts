// Forms of the evidence library, the action plan and the team page (browser hints and server truth).
import { ACTION_STATUSES } from "#app/domain/process/workspace.ts";
import { text, z } from "./validation.ts";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "date" })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), { error: "date" });

const criterionCode = z.string().trim().min(1).max(40).regex(/^[0-9A-Za-z.]+$/, { error: "choice" });

export const actionStatusField = z.enum(ACTION_STATUSES);

export const createActionSchema = z.object({
  intent: z.literal("create"),
  criterion: criterionCode,
  title: text(500).min(3),
  owner: text(200).optional().default(""),
  /** The colleague reminded when the action is past due (checked against the establishment by the service). */
  ownerUserId: z.uuid().optional(),
  dueDate: isoDate.optional(),
  status: actionStatusField.default("planned"),
  returnTo: z.string().optional(),
});

/** The whole action, from its own page (the criterion stays: an action for another criterion is a new action). */
export const editActionSchema = z.object({
  intent: z.literal("edit"),
  title: text(500).min(3),
  owner: text(200).optional().default(""),
  ownerUserId: z.uuid().optional(),
  dueDate: isoDate.optional(),
  status: actionStatusField,
  returnTo: z.string().optional(),
});

export const updateActionStatusSchema = z.object({
  intent: z.literal("status"),
  actionId: z.uuid(),
  status: actionStatusField,
  returnTo: z.string().optional(),
});

export const linkEvidenceSchema = z.object({
  intent: z.literal("link"),
  fileId: z.uuid(),
  criterion: criterionCode,
  returnTo: z.string().optional(),
});

export const unlinkEvidenceSchema = z.object({
  intent: z.literal("unlink"),
  linkId: z.uuid(),
  returnTo: z.string().optional(),
});

/** Deleting a library file: the box must be ticked (a deliberate act, without JavaScript too). */
export const deleteEvidenceSchema = z.object({
  intent: z.literal("delete"),
  fileId: z.uuid(),
  confirm: z.literal("yes"),
  returnTo: z.string().optional(),
});

/** Filters of the action plan page (in the URL; anything unexpected is ignored). */
export const actionFiltersSchema = z.object({
  status: actionStatusField.optional().catch(undefined),
  chapter: z.string().trim().max(20).regex(/^[0-9A-Za-z.]*$/).optional().catch(undefined).transform((v) => v || undefined),
  criterion: z.string().trim().max(40).regex(/^[0-9A-Za-z.]*$/).optional().catch(undefined).transform((v) => v || undefined),
  overdue: z.string().optional().catch(undefined).transform((v) => v === "1" || v === "on" || v === "true"),
});

export const assignChapterSchema = z.object({
  intent: z.literal("assign"),
  chapter: z.string().trim().min(1).max(20),
  userIds: z.array(z.uuid()).max(200).default([]),
});
