/** The default library embedded at build time by lib/node/default-library-plugin.ts. */
declare module 'virtual:sourcelight/default-library' {
  const sources: import('../types').Source[];
  export default sources;
}
