/**
 * dockerfile-ast re-scans an instruction's text each time its arguments are asked for, and its
 * own methods (flags, heredocs, JSON strings, argument ranges) ask again and again. plimsoll
 * never edits a parsed document, so once `DockerfileParser.parse` has returned, the scan's
 * result is kept on the instruction the first time it is asked for (and a copy handed out). (Not during the parse: the
 * parser builds instructions in steps, and an early answer would be wrong later.)
 */
import { DockerfileParser, Instruction } from 'dockerfile-ast';

const MEMO = Symbol('plimsoll.rawArguments');
const PATCHED = Symbol.for('plimsoll.dockerfile-ast.memo');

type Memo = { [MEMO]?: unknown };

let parsing = 0;
const registry = globalThis as { [PATCHED]?: boolean };
if (!registry[PATCHED]) {
  registry[PATCHED] = true;
  const proto = Instruction.prototype as unknown as { getRawArguments: () => unknown };
  const scan = proto.getRawArguments;
  proto.getRawArguments = function (this: Memo) {
    if (parsing > 0) return scan.call(this);
    if (!Object.prototype.hasOwnProperty.call(this, MEMO)) this[MEMO] = scan.call(this);
    // A copy each time: some instructions (FROM, with flags) cut the list they are given.
    const args = this[MEMO];
    return Array.isArray(args) ? args.slice() : args;
  };
  const parser = DockerfileParser as unknown as { parse: (...args: unknown[]) => unknown };
  const parse = parser.parse;
  parser.parse = (...args: unknown[]) => {
    parsing++;
    try {
      return parse(...args);
    } finally {
      parsing--;
    }
  };
}
