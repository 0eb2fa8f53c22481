/**
 * The shapes the secret detector returns. Plain data only (no functions, no class instances),
 * so matches cross a worker-thread boundary by structured clone unchanged.
 */

/** trivy's words; `securitySeverityOf` maps them to SARIF security-severity numbers. */
export type SecretSeverity = 'critical' | 'high' | 'medium' | 'low';

export interface SecretMatch {
  /** Stable detector id, e.g. `aws-access-key-id`, `github-pat`, `private-key`, `secret-assignment`. */
  detector: string;
  /** Human title, e.g. `AWS access key ID`. */
  title: string;
  severity: SecretSeverity;
  /** UTF-16 offsets of the secret itself in the scanned text; `end` exclusive. */
  start: number;
  end: number;
  /** 1-based line and column (UTF-16 code units) of `start`. */
  line: number;
  column: number;
  /** 1-based line and column just after the secret. */
  endLine: number;
  endColumn: number;
  /** The masked secret (`mask()`): at most its first 4 characters and its length. Never the whole value. */
  masked: string;
  /** Length of the secret in characters. */
  length: number;
  /**
   * True when the value is a published documentation example (AWS's `AKIAIOSFODNN7EXAMPLE`,
   * anything with `EXAMPLE` in upper case, jwt.io's sample token...). Such matches have
   * severity `low`; `examples: 'skip'` drops them.
   */
  example?: boolean;
  /** For `secret-assignment` and name-aware detectors: the variable or key name the value was assigned to. */
  name?: string;
}

export interface DetectOptions {
  /**
   * Also report `NAME=value` / `NAME: value` / `"name": "value"` assignments whose name looks
   * secret (`classifySecretName`) and whose value looks like a real secret
   * (`detectSecretAssignment`). Meant for env files, image `Env`, history lines and config
   * dumps; off by default because in source code `password = get_password()` is common.
   */
  assignments?: boolean;
  /** `report` (default): documentation examples are reported with `example: true` and severity `low`. `skip`: dropped. */
  examples?: 'report' | 'skip';
  /** Detector ids to leave out. */
  disable?: readonly string[];
  /** Stop after this many matches (default 200), so one generated file cannot flood a report. */
  maxMatches?: number;
}

export interface SecretNameClass {
  secretLike: boolean;
  /** Why, in a few words: `token "password"`, `known name AWS_SECRET_ACCESS_KEY`, `ends in _FILE (holds a path)`. */
  reason: string;
  /**
   * `password`: passwords and passphrases (any non-placeholder literal counts);
   * `token`: tokens, API keys, secrets, keys, credentials (the value must also look random).
   */
  kind?: 'password' | 'token';
  /** The name token that made it secret-like, lower-case. */
  token?: string;
  /** Set for known names whose value has a known format, e.g. `aws-secret-access-key`. */
  detector?: string;
}
