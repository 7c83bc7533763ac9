/** The hidden form field carrying the CSRF token (see app/middleware/csrf.server.ts). */
export const CSRF_FIELD = "csrf";
