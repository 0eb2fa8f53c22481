/** The layer engine's sources and reader: open any local image, read its layers once. */
export type * from './types.js';
export { openImage, registerImageSource, type OpenImageOptions, type ImageSource } from './open.js';
export {
  readLayers,
  DEFAULT_MAX_IMAGE_BYTES,
  DEFAULT_MAX_LAYER_BYTES,
  type ReadLayersOptions,
} from './reader.js';
export type { ContentProbe } from './probes.js';
export { hostPlatform, parsePlatform, formatPlatform, platformMatches } from './platform.js';
export { cleanPath } from './entries.js';
export { zstdDecoder, type ZstdDecoder } from './decompress.js';
