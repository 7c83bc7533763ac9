export class ProcessError extends Error {
  constructor(
    public readonly code:
      | "not_found"
      | "forbidden"
      | "already_open"
      | "version_not_published"
      | "not_editable"
      | "transition_not_allowed"
      | "reason_required"
      | "incomplete"
      | "invalid_owner",
  ) {
    super(code);
  }
}
