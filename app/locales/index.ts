import type { Resource } from "i18next";
import enApplications from "./en/applications.json";
import enCommon from "./en/common.json";
import enNotifications from "./en/notifications.json";
import enProcess from "./en/process.json";
import enReferential from "./en/referential.json";
import enRegistry from "./en/registry.json";
import enReports from "./en/reports.json";
import enWorkspace from "./en/workspace.json";
import frApplications from "./fr/applications.json";
import frCommon from "./fr/common.json";
import frNotifications from "./fr/notifications.json";
import frProcess from "./fr/process.json";
import frReferential from "./fr/referential.json";
import frRegistry from "./fr/registry.json";
import frReports from "./fr/reports.json";
import frWorkspace from "./fr/workspace.json";

export const DEFAULT_NAMESPACE = "common";

/** Every namespace of every language. French is the default language; English is a full translation. */
const resources = {
  fr: { common: frCommon, applications: frApplications, notifications: frNotifications, process: frProcess, referential: frReferential, registry: frRegistry, reports: frReports, workspace: frWorkspace },
  en: { common: enCommon, applications: enApplications, notifications: enNotifications, process: enProcess, referential: enReferential, registry: enRegistry, reports: enReports, workspace: enWorkspace },
} satisfies Resource;

export default resources;
export type Locale = keyof typeof resources;
export const LOCALES = Object.keys(resources) as Locale[];
