import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

/**
 * TOTP per RFC 6238 (SHA-1, 6 digits, 30 s — what every authenticator app speaks). A code from the
 * previous or next 30 s window is accepted for clock drift; replay is refused by the caller with
 * the returned time step (users.mfa_last_step).
 */
export const TOTP_ISSUER = 'ketaclinic';
const PERIOD = 30;

export const newTotpSecret = (): string => generateSecret();

export const otpauthUri = (secret: string, account: string, issuer = TOTP_ISSUER): string =>
  generateURI({ issuer, label: account, secret });

/** The QR code library is loaded on the first enrolment, not at start (it is not needed to serve requests). */
export async function qrSvg(uri: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The RFC 6238 time step of a valid code, or null. */
export function verifyTotp(secret: string, code: string, now: Date, afterStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const result = verifySync({
      secret,
      token: code,
      epoch: Math.floor(now.getTime() / 1000),
      period: PERIOD,
      epochTolerance: PERIOD,
      ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}

/** The current code for a secret (tests, and the demo's instructions). */
export const totpCode = (secret: string, now: Date): string =>
  generateSync({ secret, epoch: Math.floor(now.getTime() / 1000), period: PERIOD });
