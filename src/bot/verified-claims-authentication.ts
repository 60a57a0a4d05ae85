/**
 * The CloudAdapter's authentication once our own check (channel-token.ts) has run: inbound
 * requests are not validated a second time by the SDK, whose key fetch has no timeout and no
 * negative cache and could hang a request; the adapter gets the claims we verified instead.
 * Outbound (connector clients, tokens for replies and the digest) stays the SDK's, unchanged.
 *
 * The route hands the claims over keyed by the Authorization header for the length of the
 * request (`withVerifiedClaims`); a header nobody verified gets 401 and never a key fetch.
 */
import { CallerIdConstants, ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  ClaimsIdentity,
  type AuthenticateRequestResult,
  type Claim,
} from 'botframework-connector';

const UNAUTHORIZED = 401;

export class VerifiedClaimsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly verified = new Map<string, { claims: Claim[]; holders: number }>();

  /** Runs `run` (the adapter's turn) with `claims` standing for `authorization`. */
  async withVerifiedClaims<T>(authorization: string, payload: object, run: () => Promise<T>): Promise<T> {
    const entry = this.verified.get(authorization) ?? {
      claims: Object.entries(payload).map(([type, value]) => ({ type, value: value as string })),
      holders: 0,
    };
    entry.holders += 1;
    this.verified.set(authorization, entry);
    try {
      return await run();
    } finally {
      entry.holders -= 1;
      if (entry.holders === 0) this.verified.delete(authorization);
    }
  }

  override authenticateRequest(_activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const entry = this.verified.get(authHeader);
    if (!entry) return Promise.reject(new AuthenticationError('Unauthorized', UNAUTHORIZED));
    const claimsIdentity = new ClaimsIdentity(entry.claims, true);
    return Promise.resolve({
      // The public cloud's scope for replies, as the SDK's channel path returns it.
      audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
      // What the SDK sets for a channel (not skill) caller in the public cloud.
      callerId: CallerIdConstants.PublicAzureChannel,
      claimsIdentity,
      connectorFactory: this.createConnectorFactory(claimsIdentity),
    });
  }

  /** Not served (no streaming, no skills): refused rather than validated with the SDK's fetch. */
  override authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    return Promise.reject(new AuthenticationError('Unauthorized', UNAUTHORIZED));
  }

  override authenticateChannelRequest(): Promise<ClaimsIdentity> {
    return Promise.reject(new AuthenticationError('Unauthorized', UNAUTHORIZED));
  }
}
