/**
 * Certificates uploaded to the emulated app registration, and the signature check of a client
 * assertion against them, as Entra does it: the assertion's header names the certificate by
 * thumbprint (`x5t`: SHA-1, with RS256; `x5t#S256`: SHA-256, with PS256, which MSAL sends when
 * given a SHA-256 thumbprint), and the signature must verify with that certificate's public key.
 */
import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';

export interface RegisteredCertificate {
  /** The certificate's public key (PEM, or a KeyObject). */
  publicKey: string | KeyObject;
  /** Thumbprints as the portal shows them: hex, SHA-1 (40 digits) and/or SHA-256 (64 digits). */
  thumbprintSha1?: string;
  thumbprintSha256?: string;
}

/** A registered certificate ready to check signatures with. */
export interface KnownCertificate {
  key: KeyObject;
  sha1: string | null;
  sha256: string | null;
}

const hex = (value: string | undefined) => (value ? value.replace(/[^0-9a-f]/gi, '').toLowerCase() : null);

export function registerCertificates(certificates: readonly RegisteredCertificate[]): KnownCertificate[] {
  return certificates.map((c) => {
    const sha1 = hex(c.thumbprintSha1);
    const sha256 = hex(c.thumbprintSha256);
    if (!sha1 && !sha256) throw new RangeError('a registered certificate needs a SHA-1 or SHA-256 thumbprint');
    return { key: typeof c.publicKey === 'string' ? createPublicKey(c.publicKey) : c.publicKey, sha1, sha256 };
  });
}

/** Why the assertion's signature is refused, or null when it verifies. */
export function signatureProblem(assertion: string, certificates: readonly KnownCertificate[]): string | null {
  const [headerPart, payloadPart, signaturePart] = assertion.split('.');
  if (!headerPart || !payloadPart || !signaturePart) return 'The assertion is not a signed JWT.';
  let header: { alg?: unknown; x5t?: unknown; 'x5t#S256'?: unknown };
  try {
    header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as typeof header;
  } catch {
    return 'The assertion header is not JSON.';
  }
  const sha256 =
    typeof header['x5t#S256'] === 'string' ? Buffer.from(header['x5t#S256'], 'base64url').toString('hex') : null;
  const sha1 = typeof header.x5t === 'string' ? Buffer.from(header.x5t, 'base64url').toString('hex') : null;
  const certificate = certificates.find(
    (c) => (sha256 !== null && c.sha256 === sha256) || (sha1 !== null && c.sha1 === sha1),
  );
  if (!certificate)
    return `The key was not found. Thumbprint of key used by client: '${(sha256 ?? sha1 ?? '').toUpperCase()}'.`;
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  let valid: boolean;
  if (header.alg === 'RS256') valid = verify('sha256', signed, certificate.key, signature);
  else if (header.alg === 'PS256')
    valid = verify(
      'sha256',
      signed,
      { key: certificate.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
      signature,
    );
  else return `The signing algorithm ${JSON.stringify(header.alg)} is not supported.`;
  return valid ? null : 'The signature does not verify with the registered certificate.';
}
