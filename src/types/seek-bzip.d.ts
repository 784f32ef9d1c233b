// seek-bzip ships no types; this is the one function smsh uses (lib/index.js, Bunzip.decode).
declare module 'seek-bzip' {
  const Bunzip: {
    /** Decodes a whole bzip2 stream; `output` as a number preallocates the result (the raw size). */
    decode(input: Buffer | Uint8Array, output?: number): Buffer;
  };
  export default Bunzip;
}
