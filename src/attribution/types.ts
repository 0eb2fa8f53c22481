/**
 * Layer attribution: which Dockerfile instruction made each layer of an image, how sure that is,
 * and, for the layers that cannot be tied to one instruction, why. Plain data: the JSON report
 * carries it as it is (docs/attribution.md).
 */
import type { Range } from '../rules/finding.js';
import type { Builder } from './history.js';

/**
 * How a layer was tied to its instruction:
 * - `text`: the history entry's text is the instruction's (normalised: whitespace, continuation
 *   lines, variables resolved where the builder resolves them);
 * - `destination`: a classic-builder or buildah COPY/ADD, whose history names only a content hash:
 *   the destination and the number of sources agree;
 * - `names`: ENV, ARG or LABEL setting the same names (values differ: build arguments);
 * - `position`: the texts differ, but text-matched steps on both sides hold it in place (the
 *   Dockerfile may have changed since the build);
 * - `single`: a squashed build with one instruction that writes files.
 */
export type Confidence = 'text' | 'destination' | 'names' | 'position' | 'single';

/**
 * Why a layer is not tied to an instruction:
 * - `no-history`: the image config has no history;
 * - `count-mismatch`: the history's layer-making entries do not number the layers;
 * - `squashed`: one layer holds several instructions' results (a squashed build);
 * - `text-mismatch`: the entry is of the right kind where an instruction should be, but its text differs and nothing holds it in place;
 * - `no-instruction`: the entry matches no instruction of the target stage's chain;
 * - `no-match`: no history entry matches any instruction: not built from this Dockerfile (or target).
 */
export type UnmappedCode = 'no-history' | 'count-mismatch' | 'squashed' | 'text-mismatch' | 'no-instruction' | 'no-match';

export interface InstructionRef {
  keyword: string;
  /** 1-based first and last line. */
  line: number;
  endLine: number;
  range: Range;
  /** Index of the stage the instruction is in. */
  stage: number;
  /** The first line of the instruction, short. */
  text: string;
}

export interface LayerAttribution {
  layer: number;
  /** `instruction`: made by an instruction of the Dockerfile; `base`: from the base image (`instruction` is its FROM). */
  status: 'instruction' | 'base' | 'unmapped';
  /** The config.history entry that made the layer, when the history lines up with the layers. */
  historyIndex?: number;
  instruction?: InstructionRef;
  confidence?: Confidence;
  code?: UnmappedCode;
  /** In words: what tied the layer to the instruction, or why nothing could. */
  reason: string;
}

export interface HistoryAttribution {
  index: number;
  status: 'instruction' | 'base' | 'unmapped';
  instruction?: InstructionRef;
  confidence?: Confidence;
}

export interface AttributionReport {
  /** The Dockerfile as the user named it. */
  dockerfile: string;
  /** The stage the image is taken to be built from (`--target`, else the last stage). */
  stage: { index: number; name?: string; line: number };
  /** The builder the history texts come from (`mixed` when base and build differ does not count: only the build's). */
  builder: Builder | 'mixed';
  /** The image the first stage of the chain starts from, with its FROM line; absent for scratch. */
  base?: { image: string; line: number; historyEntries: number };
  layers: LayerAttribution[];
  /** Every config.history entry, with the instruction it comes from when known. */
  history: HistoryAttribution[];
  summary: { layers: number; instruction: number; base: number; unmapped: number };
  /** Instructions that write files but have no history entry: the image was not built from this text. */
  missingInstructions: InstructionRef[];
  /** One sentence on the whole, when something is off (squashed, misaligned, no match). */
  note?: string;
}
