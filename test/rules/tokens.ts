/**
 * Secret-shaped test values, assembled at run time so the repository itself carries no
 * scannable tokens. They are random-looking but were never issued by anyone.
 */
const BODY36 = ['kR7pX2vQ9m', 'Z4tL8wN3bC', '6yH1jF5dS0', 'gAu2Ve'].join('');
export const GITHUB_PAT = ['gh', 'p_', BODY36].join('');
export const NPM_TOKEN = ['np', 'm_', BODY36].join('');
export const AWS_KEY_ID = ['AK', 'IA', 'Q3V7N2X9K4', 'T6M8PZ'].join('');
export const AWS_SECRET = ['Zt9', 'Qx2Lk7Vb4Np8Rm3Hs6Wd1Fc5Gy0Tj9Kq2Uo7E'].join('');
export const RANDOM_PASSWORD = ['s3cr', 'Et-Pa55', '-9xQ'].join('');
export const BEARER = ['eK9', 'fT2mQ7xL4vR8nB3wZ6yC1hJ5d'].join('');
export const SLACK_BOT = ['xo', 'xb-', '2837465019', '-4829173650', '-', BODY36.slice(0, 24)].join('');
/** A real-shaped ed25519 key block (generated for these tests, used nowhere). */
export const PRIVATE_KEY = [
  ['-----BEGIN', 'OPENSSH PRIVATE KEY-----'].join(' '),
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACBkR3Z0cXl0aGlzaXNhdGVzdGtleW5vdHJlYWxseXVzZWQAAAAAAAAAAAAA',
  ['-----END', 'OPENSSH PRIVATE KEY-----'].join(' '),
  '',
].join('\n');
export const RSA_KEY = [
  ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' '),
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onL',
  'Rnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgi',
  ['-----END', 'RSA PRIVATE KEY-----'].join(' '),
  '',
].join('\n');
