// mvdan-sh (GopherJS build of mvdan/sh) ships no types; src/dockerfile/shell.ts wraps it.
declare module 'mvdan-sh' {
  const sh: { syntax: unknown };
  export default sh;
}
