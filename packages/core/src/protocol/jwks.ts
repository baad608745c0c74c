/**
 * The JSON Web Key Set (RFC 7517 §5) of one client: fetched once, shared by concurrent callers, and refetched when
 * a token names a key it does not hold (key rotation) or the set is 10 minutes old (a key removed after a leak); the
 * matching and both refetches are in `jwkSelection.ts`. The cache is
 * a `DocumentCache` (`documentCache.ts`), the discovery document's as well; `publishedDocuments.ts` fetches it.
 */
import type { DocumentCache } from './documentCache.js';
import type { JSONWebKeySet } from './types.js';

/** The key set of one client, fetched once (refetched for an unknown `kid` or past its age by `jwkSelection.ts`). */
export type JWKSCache = DocumentCache<JSONWebKeySet>;
