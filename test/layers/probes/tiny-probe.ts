/** A tiny content probe for tests: finds PEM private-key headers in files under 1 MiB. */
import type { ContentProbe } from '../../../src/layers/probes.js';

const MARK = '-----BEGIN ';

const probe: ContentProbe = {
  name: 'tiny-private-key',
  maxBytes: 4096,
  wants: (entry) => entry.size > 0 && entry.size < 1024 * 1024 && !entry.path.startsWith('/usr/share/'),
  inspect(entry, bytes) {
    const text = bytes.toString('latin1');
    const at = text.indexOf(MARK);
    if (at < 0 || !/PRIVATE KEY-----/.test(text.slice(at, at + 60))) return [];
    return [
      {
        code: 'private-key',
        offset: at,
        line: text.slice(0, at).split('\n').length,
        data: { seen: bytes.length, size: entry.size },
      },
    ];
  },
};
export default probe;
