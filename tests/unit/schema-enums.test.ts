// Every Postgres enum of db/schema.ts is one of the domain's lists, value for value and in the same order: the
// database, the forms and the pages cannot drift apart.
import { isPgEnum } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import * as schema from "#db/schema.ts";
import { AUDIT_TEAM_ROLES, FINDING_CLASSIFICATIONS } from "#app/domain/audit/visit.ts";
import { ROLES } from "#app/domain/auth/permissions.ts";
import { USER_TOKEN_KINDS } from "#app/domain/auth/tokens.ts";
import { LANGUAGES } from "#app/domain/language.ts";
import { DECISION_OUTCOMES } from "#app/domain/label/decision.ts";
import { LABEL_EVENT_KINDS } from "#app/domain/label/status.ts";
import { APPLICATION_STATUSES } from "#app/domain/process/applications.ts";
import { PROCESS_STATES } from "#app/domain/process/state-machine.ts";
import { ACTION_STATUSES } from "#app/domain/process/workspace.ts";
import { LEVEL_CODES, REFERENTIAL_STATUSES, SERVICES, TIERS } from "#app/domain/referential/schema.ts";
import { AGREEMENT_STATUSES, COOPERATION_STATUSES, REGIONS } from "#app/domain/registry/codes.ts";

const DOMAIN_LISTS: Record<string, readonly string[]> = {
  role: ROLES,
  language: LANGUAGES,
  user_token_kind: USER_TOKEN_KINDS,
  referential_status: REFERENTIAL_STATUSES,
  criterion_tier: TIERS,
  criterion_service: SERVICES,
  process_state: PROCESS_STATES,
  action_status: ACTION_STATUSES,
  region: REGIONS,
  cooperation_status: COOPERATION_STATUSES,
  agreement_status: AGREEMENT_STATUSES,
  application_status: APPLICATION_STATUSES,
  audit_team_role: AUDIT_TEAM_ROLES,
  finding_classification: FINDING_CLASSIFICATIONS,
  decision_outcome: DECISION_OUTCOMES,
  label_level: LEVEL_CODES,
  label_event_kind: LABEL_EVENT_KINDS,
};

const pgEnums = Object.values<unknown>(schema).filter(isPgEnum);

describe("database enums", () => {
  it("each has its list in the domain", () => {
    expect(pgEnums.map((e) => e.enumName).sort()).toEqual(Object.keys(DOMAIN_LISTS).sort());
  });

  it.each(pgEnums.map((e) => [e.enumName, e] as const))("%s has the domain's values, in order", (name, pgEnum) => {
    expect(pgEnum.enumValues).toEqual(DOMAIN_LISTS[name]);
  });
});
