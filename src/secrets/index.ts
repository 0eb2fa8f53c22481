/**
 * The secret detector shared by every part of plimsoll that looks for secrets: Dockerfile
 * ENV/ARG/LABEL/RUN, compose `environment`, image config `Env` and history `created_by`, and
 * file contents inside image layers.
 *
 *   detectSecretsInText(text, opts?)        -> SecretMatch[]   known formats (+ assignments when asked)
 *   detectSecretsInLatin1(bytes, opts?)     -> SecretMatch[]   the same, for bytes read as latin1 (file contents)
 *   detectSecretAssignment(name, value)     -> SecretMatch?    one `name=value` pair
 *   classifySecretName(name)                -> SecretNameClass is this name secret-like, and why
 *   mask(value)                             -> `AKIA…(20 chars)`
 *
 * Everything here is pure and synchronous (no I/O, no state kept between calls), returns plain
 * data, and is safe in worker threads. Never put a secret in a message or fact: use
 * `SecretMatch.masked` or `mask()`. See docs/secrets.md.
 */
export type { DetectOptions, SecretMatch, SecretNameClass, SecretSeverity } from './types.js';
export { detectSecretsInText, detectSecretsInLatin1, detectSecretAssignment, securitySeverityOf } from './detect.js';
export { classifySecretName, nameTokens } from './names.js';
export { mask } from './mask.js';
export {
  isDocumentationExample,
  isNonSecretValue,
  isPlaceholder,
  isReference,
  isWellKnownDefault,
  looksRandom,
  shannonEntropy,
} from './values.js';
export { VALUE_DETECTORS } from './detectors.js';
export type { ValueDetector } from './detectors.js';
