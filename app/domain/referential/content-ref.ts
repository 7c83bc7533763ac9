/** Where a version's content is served (ADR 0023, 0024): its hash in the name, so the browser may keep it for good. */
export interface FrozenContentRef {
  hash: string;
  url: string;
}

export function frozenContentRef(code: string, version: string, hash: string): FrozenContentRef {
  return { hash, url: `/referentials/${encodeURIComponent(code)}/${encodeURIComponent(version)}/content/${hash}.json` };
}
