/**
 * Real-looking test secrets, generated at run time from a seeded generator so that the
 * repository itself holds no scannable token (GitHub push protection would block it).
 */
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let seed = 42;

export function randomString(length: number, alphabet = ALNUM): string {
  const next = rng(seed++);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}

/** `ghp` + `_` + 36 random characters, and so on: the prefix is split so no literal token is in the file. */
export const fake = {
  githubPat: () => ['gh', 'p_'].join('') + randomString(36),
  githubApp: () => ['gh', 's_'].join('') + randomString(36),
  githubFineGrained: () => ['github', '_pat_'].join('') + randomString(22) + '_' + randomString(59),
  gitlab: () => ['glp', 'at-'].join('') + randomString(20),
  slackBot: () => ['xo', 'xb-'].join('') + randomString(12, '0123456789') + '-' + randomString(13, '0123456789') + '-' + randomString(24),
  slackWebhook: () => ['https://hooks.', 'slack.com/services/'].join('') + 'T' + randomString(8, UPPER_NUM) + '/B' + randomString(8, UPPER_NUM) + '/' + randomString(24),
  npm: () => ['np', 'm_'].join('') + randomString(36),
  pypi: () => ['py', 'pi-AgEIcHlwaS5vcmc'].join('') + randomString(60, `${ALNUM}_-`),
  stripeLive: () => ['sk', 'live', ''].join('_') + randomString(24),
  stripeTest: () => ['sk', 'test', ''].join('_') + randomString(24),
  googleApiKey: () => ['AI', 'za'].join('') + randomString(35),
  awsAccessKeyId: () => ['AK', 'IA'].join('') + randomString(16, UPPER_NUM),
  awsSecretKey: () => randomString(40, B64),
  openai: () => ['sk', '-proj-'].join('') + randomString(64, `${ALNUM}_-`),
  anthropic: () => ['sk', '-ant-api03-'].join('') + randomString(93, `${ALNUM}_-`),
  dockerHub: () => ['dckr', '_pat_'].join('') + randomString(27),
  azureStorage: () => randomString(86, B64) + '==',
  digitalOcean: () => ['dop', '_v1_'].join('') + randomString(64, HEX),
  hex: (n: number) => randomString(n, HEX),
  alnum: (n: number) => randomString(n),
  base64: (n: number) => randomString(n, B64),
  jwt: () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    return [enc({ alg: 'HS256', typ: 'JWT' }), enc({ sub: randomString(10), iat: 1700000000 }), randomString(43, `${ALNUM}_-`)].join('.');
  },
  pem: (kind = 'RSA PRIVATE KEY', lines = 10) => {
    const body = Array.from({ length: lines }, () => randomString(64, B64)).join('\n');
    return [`-----BEGIN ${kind}-----`, body, `-----END ${kind}-----`].join('\n');
  },
};

/** AWS's published documentation example keys, assembled. */
export const awsExample = {
  accessKeyId: ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join(''),
  secretKey: ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/'),
};
