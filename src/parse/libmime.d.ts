/** Minimal typing for the parts of libmime the parser uses (the package ships no types). */
declare module 'libmime' {
  interface LibMime {
    decodeWords(value: string): string;
    decodeFlowed(value: string, delSp?: boolean): string;
  }
  const libmime: LibMime;
  export default libmime;
}
