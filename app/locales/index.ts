import type { Resource } from "i18next";
import enApplications from "#app/locales/en/applications.json";
import enAudit from "#app/locales/en/audit.json";
import enCommon from "#app/locales/en/common.json";
import enDri from "#app/locales/en/dri.json";
import enHospital from "#app/locales/en/hospital.json";
import enLabel from "#app/locales/en/label.json";
import enNotifications from "#app/locales/en/notifications.json";
import enProcess from "#app/locales/en/process.json";
import enPublic from "#app/locales/en/public.json";
import enReferential from "#app/locales/en/referential.json";
import enRegistry from "#app/locales/en/registry.json";
import enReports from "#app/locales/en/reports.json";
import enTrail from "#app/locales/en/trail.json";
import enWorkspace from "#app/locales/en/workspace.json";
import frApplications from "#app/locales/fr/applications.json";
import frAudit from "#app/locales/fr/audit.json";
import frCommon from "#app/locales/fr/common.json";
import frDri from "#app/locales/fr/dri.json";
import frHospital from "#app/locales/fr/hospital.json";
import frLabel from "#app/locales/fr/label.json";
import frNotifications from "#app/locales/fr/notifications.json";
import frProcess from "#app/locales/fr/process.json";
import frPublic from "#app/locales/fr/public.json";
import frReferential from "#app/locales/fr/referential.json";
import frRegistry from "#app/locales/fr/registry.json";
import frReports from "#app/locales/fr/reports.json";
import frTrail from "#app/locales/fr/trail.json";
import frWorkspace from "#app/locales/fr/workspace.json";

export { DEFAULT_NAMESPACE } from "#app/domain/translate.ts";

/** Every namespace of every language. French is the default language; English is a full translation. */
const resources = {
  fr: { common: frCommon, applications: frApplications, audit: frAudit, dri: frDri, hospital: frHospital, label: frLabel, notifications: frNotifications, process: frProcess, public: frPublic, referential: frReferential, registry: frRegistry, reports: frReports, trail: frTrail, workspace: frWorkspace },
  en: { common: enCommon, applications: enApplications, audit: enAudit, dri: enDri, hospital: enHospital, label: enLabel, notifications: enNotifications, process: enProcess, public: enPublic, referential: enReferential, registry: enRegistry, reports: enReports, trail: enTrail, workspace: enWorkspace },
} satisfies Resource;

export default resources;
export type Locale = keyof typeof resources;
export const LOCALES = Object.keys(resources) as Locale[];
