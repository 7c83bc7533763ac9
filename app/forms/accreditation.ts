import { text, z } from "./validation.ts";

/** An external accreditation of a referential version, as the DRI records it (browser and server). */
export const accreditationSchema = z.object({
  body: text(200).min(1),
  accreditedOn: z.string().min(1).pipe(z.iso.date({ error: "date" })),
  reference: text(200).optional().transform((v) => v ?? ""),
});

export type AccreditationInput = z.input<typeof accreditationSchema>;
