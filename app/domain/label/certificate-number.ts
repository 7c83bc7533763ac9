// Placeholder until the label-domain branch lands (same signatures).
export function certificateNumber(year: number, random: Uint8Array): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let value = 0n;
  for (let i = 0; i < 5; i++) value = (value << 8n) | BigInt(random[i] ?? 0);
  let body = "";
  for (let i = 0; i < 8; i++) body = alphabet[Number((value >> BigInt(5 * i)) & 31n)]! + body;
  const check = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U"[Number((BigInt(year) * 2n ** 40n + value) % 37n)]!;
  return `LQS-${year}-${body}${check}`;
}
export function parseCertificateNumber(input: string): string | null {
  const s = input.trim().toUpperCase().slice(0, 40);
  return /^LQS-\d{4}-[0-9A-Z]{8}[0-9A-Z*~$=]$/.test(s) ? s : null;
}
