/** All a finding says: its one-line message and its detail (why, how to fix), as tests match on either. */
export function said(d: { message: string; detail?: string }): string {
  return d.detail ? `${d.message} ${d.detail}` : d.message;
}
