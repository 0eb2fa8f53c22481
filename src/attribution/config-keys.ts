/**
 * The instruction that set a key of the image config (`config.User`, `config.Env[3]`,
 * `config.ExposedPorts["22/tcp"]`, `config.Labels["x"]`...): the last instruction of the target
 * stage's chain that sets it, and only when the value it sets is the value the image has (or
 * depends on a build argument). A key no instruction sets came from the base image and has no
 * line here.
 */
import type { Instruction } from '../dockerfile/model.js';
import { resolveVariables } from '../dockerfile/variables.js';
import type { ImageConfig } from '../layers/types.js';
import { portsOf } from './history.js';
import { argumentsText, type Chain, type Step } from './steps.js';

export function configKeyInstruction(chain: Chain, config: ImageConfig, key: string, escapeChar: string): Instruction | undefined {
  const m = /^config\.([A-Za-z]+)(?:\[(.*)\])?(?:\.|$)/.exec(key);
  if (!m) return undefined;
  const field = m[1]!;
  let index: string | number | undefined;
  if (m[2] !== undefined) {
    try {
      index = JSON.parse(m[2]) as string | number;
    } catch {
      index = m[2];
    }
  }
  const c = config.config ?? {};
  const steps = [...chain.steps].reverse();
  const last = (keyword: string) => steps.find((s) => s.keyword === keyword)?.instruction;
  const value = (instr: Instruction, raw: string | undefined) => resolveVariables(raw ?? '', instr.vars, escapeChar);
  switch (field) {
    case 'User': {
      const instr = last('USER');
      if (!instr) return undefined;
      const v = value(instr, argumentsText(instr, escapeChar).text.trim());
      return v.unresolved || v.text === (c.User ?? '') ? instr : undefined;
    }
    case 'Env': {
      const item = typeof index === 'number' ? c.Env?.[index] : undefined;
      if (item === undefined) return undefined;
      const eq = item.indexOf('=');
      const name = eq < 0 ? item : item.slice(0, eq);
      return setter(steps, 'ENV', name, item.slice(eq + 1), value);
    }
    case 'Labels': {
      if (typeof index !== 'string') return undefined;
      return setter(steps, 'LABEL', index, c.Labels?.[index] ?? '', value);
    }
    case 'ExposedPorts': {
      if (typeof index !== 'string') return undefined;
      const [wanted] = portsOf(index);
      if (!wanted) return undefined;
      return steps.find((s) => s.keyword === 'EXPOSE' && (s.ports ?? []).some((p) => covers(p, wanted)))?.instruction;
    }
    case 'Volumes': {
      if (typeof index !== 'string') return undefined;
      return steps.find((s) => s.keyword === 'VOLUME' && volumesOf(s.instruction, escapeChar).includes(index))?.instruction;
    }
    case 'Healthcheck':
      return last('HEALTHCHECK');
    case 'Cmd':
      return last('CMD');
    case 'Entrypoint':
      return last('ENTRYPOINT');
    case 'WorkingDir':
      return last('WORKDIR');
    case 'StopSignal':
      return last('STOPSIGNAL');
    case 'Shell':
      return last('SHELL');
    case 'OnBuild': {
      // Triggers do not carry over from a parent stage: only the target stage's ONBUILDs are in the config.
      const target = chain.stages[chain.stages.length - 1]!;
      const own = target.instructions.filter((i) => i.keyword === 'ONBUILD');
      return typeof index === 'number' ? own[index] : own[own.length - 1];
    }
    default:
      return undefined;
  }
}

function setter(
  steps: readonly Step[],
  keyword: string,
  name: string,
  actual: string,
  value: (instr: Instruction, raw: string | undefined) => { text: string; unresolved: boolean },
): Instruction | undefined {
  for (const s of steps) {
    if (s.keyword !== keyword) continue;
    const p = [...(s.instruction.properties ?? [])].reverse().find((x) => x.name === name);
    if (!p) continue;
    const v = value(s.instruction, p.value);
    // The last instruction that sets it set the value the image has, unless a build argument changed it.
    return v.unresolved || v.text === actual || /\$/.test(p.value ?? '') ? s.instruction : undefined;
  }
  return undefined;
}

/** `8000-8010/tcp` covers `8005/tcp`. */
function covers(range: string, port: string): boolean {
  const [r, rp] = range.split('/');
  const [p, pp] = port.split('/');
  if (rp !== pp) return false;
  const [lo, hi] = r!.split('-').map(Number);
  const [plo, phi] = p!.split('-').map(Number);
  return plo! >= lo! && (phi ?? plo)! <= (hi ?? lo)!;
}

function volumesOf(instr: Instruction, escapeChar: string): string[] {
  if (instr.json) return instr.json.map((w) => resolveVariables(w.value, instr.vars, escapeChar).text);
  return instr.args.map((w) => resolveVariables(w.value, instr.vars, escapeChar).text);
}
