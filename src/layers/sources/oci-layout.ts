/** `oci`: an OCI image layout folder (`oci-layout`, `index.json`, `blobs/`). */
import type { Image, Platform } from '../types.js';
import { inputError } from './common.js';
import { NoUsableManifest, openOciLayout } from './oci.js';
import { DirStore } from './store.js';

export async function openOciDir(dir: string, opts: { reference: string; tag?: string; platform?: Platform }): Promise<Image> {
  const store = await DirStore.open(dir);
  if (!(await store.get('index.json'))) {
    throw inputError(opts.reference, 'folder is not an OCI image layout (no index.json)');
  }
  try {
    return await openOciLayout(store, { reference: opts.reference, source: 'oci', tag: opts.tag, platform: opts.platform });
  } catch (e) {
    if (e instanceof NoUsableManifest) throw inputError(opts.reference, `no usable image in index.json: ${e.message}`, 'index.json');
    throw e;
  }
}
