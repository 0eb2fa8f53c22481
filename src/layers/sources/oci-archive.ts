/** `oci-archive`: an OCI image layout packed in a tar (skopeo, buildah push, dive's fixtures). */
import type { Image, Platform } from '../types.js';
import { inputError } from './common.js';
import { NoUsableManifest, openOciLayout } from './oci.js';
import { TarStore } from './store.js';

export async function openOciArchive(
  file: string,
  opts: { reference: string; tag?: string; platform?: Platform; store?: TarStore },
): Promise<Image> {
  const store = opts.store ?? (await TarStore.open(file, opts.reference));
  try {
    return await openOciLayout(store, { reference: opts.reference, source: 'oci-archive', tag: opts.tag, platform: opts.platform });
  } catch (e) {
    if (e instanceof NoUsableManifest) throw inputError(opts.reference, `no usable image in index.json: ${e.message}`, 'index.json');
    throw e;
  }
}
