import { checkboxField, emailField, languageField, newPasswordField, roleField, text, z } from "./validation.ts";

export const loginSchema = z.object({
  email: emailField,
  password: z.string().min(1).max(200),
  rememberMe: checkboxField,
  redirectTo: z.string().optional(),
});

export const forgotPasswordSchema = z.object({ email: emailField });

export const setPasswordSchema = z
  .object({ password: newPasswordField, confirmPassword: z.string().min(1) })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], error: "password_mismatch" });

export const changePasswordSchema = z
  .object({ intent: z.literal("password"), currentPassword: z.string().min(1), password: newPasswordField, confirmPassword: z.string().min(1) })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], error: "password_mismatch" });

export const changeLanguageSchema = z.object({ intent: z.literal("language"), language: languageField });

export const inviteUserSchema = z
  .object({
    email: emailField,
    name: text(120).min(2),
    role: roleField,
    establishmentId: z.uuid().optional(),
    isCoordinator: checkboxField,
    language: languageField,
  })
  .refine((v) => v.role !== "hospital" || !!v.establishmentId, { path: ["establishmentId"], error: "establishment_required" });

export const inviteColleagueSchema = z.object({
  email: emailField,
  name: text(120).min(2),
  language: languageField,
});

export const updateUserSchema = z
  .object({
    intent: z.literal("update"),
    name: text(120).min(2),
    role: roleField,
    establishmentId: z.uuid().optional(),
    isCoordinator: checkboxField,
  })
  .refine((v) => v.role !== "hospital" || !!v.establishmentId, { path: ["establishmentId"], error: "establishment_required" });
