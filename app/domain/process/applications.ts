/** Applications to join the label: pending until the DRI accepts (a process is opened) or declines them (with a reason). */
export const APPLICATION_STATUSES = ["pending", "accepted", "declined"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
